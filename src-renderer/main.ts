import { mount } from 'svelte';
import App from './App.svelte';
import { getBridge } from './bridge/bridge';
import { t } from './i18n';
import './ui/theme.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

try {
  mount(App, { target, props: { bridge: getBridge() } });
} catch (error) {
  // Without a bridge there is nothing to show but why (as text, never as HTML).
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.className = 'fatal';
  message.textContent = t('error.bridge', { reason: error instanceof Error ? error.message : String(error) });
  target.replaceChildren(message);
}
