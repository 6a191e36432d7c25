import xml, { type Element } from '@xmpp/xml';
import type { RegistrationField, RegistrationForm } from '../../../src-shared/contract';
import { NS } from './namespaces';

/**
 * XEP-0077 In-Band Registration: the form a server asks us to fill (its plain fields, or a
 * XEP-0004 data form that may carry a XEP-0158 CAPTCHA), the answers, and the signed-in password
 * change and account removal. Pure; guarded by test/unit/register-codec.test.ts.
 */

/** The form as the core keeps it for the submit: its shape on the wire and what the page is shown. */
export interface ServerForm {
  /** `data-form`: a jabber:x:data form; `plain`: the XEP-0077 §3.1 elements. */
  shape: 'data-form' | 'plain';
  form: RegistrationForm;
}

/** The fields Glance asks itself: the address's local part and the password. */
const OWN_FIELDS = new Set(['username', 'password']);
/** Plain children of the query that are not questions. */
const NOT_QUESTIONS = new Set(['instructions', 'registered', 'x', 'data']);
const MAX_IMAGE_BASE64 = 200_000;

export function buildRegistrationFormRequest(): Element {
  return xml('iq', { type: 'get' }, xml('query', { xmlns: NS.register }));
}

/** The server's form from its result IQ (the whole IQ: a CAPTCHA's image may sit beside the query). */
export function parseRegistrationForm(iq: Element): ServerForm | undefined {
  const query = iq.getChild('query', NS.register);
  if (!query) return undefined;
  const instructions = query.getChildText('instructions')?.trim() || undefined;
  const dataForm = query.getChild('x', NS.dataForms);
  if (dataForm) {
    const images = bitsOfBinary(iq);
    const fields = dataForm
      .getChildren('field')
      .filter((field) => field.attrs.var && !OWN_FIELDS.has(field.attrs.var))
      .map((field) => dataFormField(field, images));
    const formInstructions = dataForm.getChildText('instructions')?.trim() || undefined;
    return { shape: 'data-form', form: { instructions: formInstructions ?? instructions, fields } };
  }
  const fields = query
    .getChildElements()
    .filter((child) => !NOT_QUESTIONS.has(child.name) && !OWN_FIELDS.has(child.name))
    .map((child): RegistrationField => ({ name: child.name, kind: 'text', required: true }));
  return { shape: 'plain', form: { instructions, fields } };
}

/** The submit for `username` and `password` and the answers (hidden fields go back as the server gave them). */
export function buildRegistration(form: ServerForm, username: string, password: string, answers: Readonly<Record<string, string>>): Element {
  const answerOf = (field: RegistrationField) => (field.kind === 'hidden' || field.kind === 'fixed' ? field.value : answers[field.name]);
  if (form.shape === 'plain') {
    const extra = form.form.fields.map((field) => xml(field.name, {}, answerOf(field) ?? ''));
    return xml('iq', { type: 'set' }, xml('query', { xmlns: NS.register }, xml('username', {}, username), xml('password', {}, password), ...extra));
  }
  const value = (name: string, text: string | undefined) => xml('field', { var: name }, xml('value', {}, text ?? ''));
  const extra = form.form.fields.filter((field) => field.kind !== 'fixed').map((field) => value(field.name, answerOf(field)));
  const submit = xml('x', { xmlns: NS.dataForms, type: 'submit' }, value('username', username), value('password', password), ...extra);
  return xml('iq', { type: 'set' }, xml('query', { xmlns: NS.register }, submit));
}

/** XEP-0077 §3.3: a signed-in account's new password. */
export function buildPasswordChange(username: string, password: string): Element {
  return xml('iq', { type: 'set' }, xml('query', { xmlns: NS.register }, xml('username', {}, username), xml('password', {}, password)));
}

/** XEP-0077 §3.2: removes the signed-in account. */
export function buildAccountRemoval(): Element {
  return xml('iq', { type: 'set' }, xml('query', { xmlns: NS.register }, xml('remove')));
}

const FIELD_KINDS: Record<string, RegistrationField['kind']> = {
  'text-private': 'private',
  hidden: 'hidden',
  fixed: 'fixed',
  boolean: 'boolean',
};

function dataFormField(field: Element, images: ReadonlyMap<string, string>): RegistrationField {
  const name = field.attrs.var!;
  const label = field.attrs.label?.trim() || undefined;
  const value = field.getChildText('value') ?? undefined;
  const image = captchaImage(field, images);
  return {
    name,
    kind: FIELD_KINDS[field.attrs.type ?? ''] ?? 'text',
    required: Boolean(field.getChild('required')),
    ...(label ? { label } : {}),
    ...(value !== undefined ? { value } : {}),
    ...(image ? { image } : {}),
  };
}

/**
 * XEP-0158 §4 / XEP-0221: the field's media element names its image by a `cid:` of a XEP-0231 bit
 * of binary sent with the form, or carries a data: URI. Only images, and only what the page's CSP
 * shows (data:); a web address would be fetched from the page, so it is not taken.
 */
function captchaImage(field: Element, images: ReadonlyMap<string, string>): string | undefined {
  for (const uri of field.getChild('media', NS.media)?.getChildren('uri') ?? []) {
    const text = uri.text().trim();
    if (text.startsWith('cid:') && images.has(text.slice(4))) return images.get(text.slice(4));
    if (/^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(text) && text.length <= MAX_IMAGE_BASE64) return text;
  }
  return undefined;
}

/** XEP-0231 `<data cid type>base64</data>` anywhere in the IQ, as data: URIs by cid. */
function bitsOfBinary(iq: Element): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (element: Element) => {
    for (const child of element.getChildElements()) {
      if (child.is('data', NS.bob)) {
        const type = child.attrs.type ?? '';
        const base64 = child.text().replace(/\s+/g, '');
        if (child.attrs.cid && /^image\/(png|jpeg|gif|webp)$/.test(type) && /^[A-Za-z0-9+/=]+$/.test(base64) && base64.length <= MAX_IMAGE_BASE64) {
          found.set(child.attrs.cid, `data:${type};base64,${base64}`);
        }
      } else {
        visit(child);
      }
    }
  };
  visit(iq);
  return found;
}
