// Dev tool: renders resources/icon.svg (and the tray/overlay glyphs below) to the committed PNGs with Debian's Chromium — `npm run icons` (CHROMIUM_PATH overrides /usr/bin/chromium).
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));

const BUBBLE =
  'M352 232h320c97.2 0 176 78.8 176 176v160c0 97.2-78.8 176-176 176H452l-150 118c-13.1 10.3-32.2-.7-29.6-17.2L292 730c-69.4-23.5-116-88.5-116-162V408c0-97.2 78.8-176 176-176z';
const EYE = 'M512 350c-112 0-196 70-236 138 40 68 124 138 236 138s196-70 236-138c-40-68-124-138-236-138z';
// The bubble alone, cropped to fill the tray's square.
const TRAY_VIEW = '150 187 724 724';
const DOT = { cx: 740, cy: 322, r: 110, gap: 44 };

function trayColour(unread) {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${TRAY_VIEW}">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#19b6a6"/><stop offset="1" stop-color="#2457d6"/></linearGradient></defs>
  <path fill="url(#g)" d="${BUBBLE}"/>
  <path fill="#ffffff" d="${EYE}"/>
  <circle cx="512" cy="488" r="70" fill="#17306e"/>
  ${unread ? `<circle cx="${DOT.cx}" cy="${DOT.cy}" r="${DOT.r + DOT.gap / 2}" fill="#ffffff"/><circle cx="${DOT.cx}" cy="${DOT.cy}" r="${DOT.r}" fill="#e5484d"/>` : ''}
</svg>`;
}

// macOS menu-bar template images: black and transparent only; the system tints them.
function trayTemplate(unread) {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${TRAY_VIEW}">
  <defs><mask id="m" maskUnits="userSpaceOnUse" x="0" y="0" width="1024" height="1024">
    <rect width="1024" height="1024" fill="#fff"/>
    <path d="${EYE}" fill="#000"/>
    <circle cx="512" cy="488" r="70" fill="#fff"/>
    ${unread ? `<circle cx="${DOT.cx}" cy="${DOT.cy}" r="${DOT.r + DOT.gap}" fill="#000"/>` : ''}
  </mask></defs>
  <path fill="#000" mask="url(#m)" d="${BUBBLE}"/>
  ${unread ? `<circle cx="${DOT.cx}" cy="${DOT.cy}" r="${DOT.r}" fill="#000"/>` : ''}
</svg>`;
}

// Windows taskbar overlay: a red dot with a white rim, legible on any button.
const OVERLAY = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
  <circle cx="16" cy="16" r="15" fill="#ffffff"/><circle cx="16" cy="16" r="12" fill="#e5484d"/>
</svg>`;

const appIcon = await readFile(path.join(here, 'icon.svg'), 'utf8');
const jobs = [];
for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) jobs.push([appIcon, size, `icons/${size}x${size}.png`]);
jobs.push([appIcon, 1024, 'icon.png']);
for (const [name, svg] of [
  ['tray', trayColour(false)],
  ['tray-unread', trayColour(true)],
]) {
  jobs.push([svg, 32, `${name}.png`], [svg, 64, `${name}@2x.png`]);
}
for (const [name, svg] of [
  ['trayTemplate', trayTemplate(false)],
  ['trayUnreadTemplate', trayTemplate(true)],
]) {
  jobs.push([svg, 16, `${name}.png`], [svg, 32, `${name}@2x.png`]);
}
jobs.push([OVERLAY, 16, 'overlay-unread.png'], [OVERLAY, 32, 'overlay-unread@2x.png']);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  await mkdir(path.join(here, 'icons'), { recursive: true });
  for (const [svg, size, file] of jobs) {
    await page.setViewportSize({ width: size, height: size });
    const sized = svg.replace(/<svg\b[^>]*>/, (tag) =>
      tag.replace(/\s(?:width|height)="[^"]*"/g, '').replace('<svg', `<svg width="${size}" height="${size}" style="display:block"`),
    );
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`);
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await writeFile(path.join(here, file), png);
    console.log(`${file} (${size}×${size})`);
  }
} finally {
  await browser.close();
}
