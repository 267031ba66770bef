/**
 * The dashboard's entry: picks the page from the path (`/`, `/p/:provider`, `/manage`), the
 * language (remembered choice, else the browser's), and re-renders on a language switch.
 */
import { h, replace } from './dom.ts';
import { LANG_NAMES, LANGS, messagesOf, pickLang, type Lang } from './i18n/index.ts';
import { rememberedLang, rememberLang } from './i18n/remember.ts';
import type { MountedPage, PageContext } from './context.ts';
import { mountHome } from './pages/home.ts';
import { mountManage } from './pages/manage/index.ts';
import { mountProvider } from './pages/provider/index.ts';
import { refreshPeriod } from './poll.ts';
import './style.css';

const main = document.getElementById('main')!;
const langSlot = document.getElementById('lang')!;
const footer = document.getElementById('footer')!;

let lang: Lang = pickLang(rememberedLang(), navigator.languages ?? [navigator.language]);
let page: MountedPage | undefined;

function render(): void {
  page?.destroy();
  const t = messagesOf(lang);
  document.documentElement.lang = lang;
  const skip = document.querySelector<HTMLAnchorElement>('a.skip');
  if (skip) skip.textContent = t.skip;
  renderSwitch();
  replace(
    footer,
    h('nav', { attrs: { 'aria-label': 'supportwatch' } }, h('a', { attrs: { href: '/' } }, t.allProviders), ' · ', h('a', { attrs: { href: '/manage' } }, t.managerConsole)),
  );
  const ctx: PageContext = {
    lang,
    t,
    refreshMs: refreshPeriod(location.search),
    title: (text) => {
      document.title = `${text} · supportwatch`;
    },
  };
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const provider = /^\/p\/([a-z0-9-]{1,64})$/.exec(path);
  if (path === '/') page = mountHome(main, ctx);
  else if (provider) page = mountProvider(main, provider[1]!, ctx);
  else if (path === '/manage') page = mountManage(main, ctx);
  else {
    replace(main, h('h1', {}, t.pageNotFound));
    page = undefined;
  }
}

/** Two buttons, the current one pressed: a switch anyone can reach with Tab and Enter. */
function renderSwitch(): void {
  const t = messagesOf(lang);
  const group = h('div', { class: 'lang-switch', attrs: { role: 'group', 'aria-label': t.language } });
  for (const option of LANGS) {
    group.append(
      h(
        'button',
        {
          attrs: { type: 'button', lang: option, 'aria-pressed': option === lang ? 'true' : 'false' },
          on: {
            click: () => {
              if (option === lang) return;
              lang = option;
              rememberLang(option);
              render();
            },
          },
        },
        LANG_NAMES[option],
      ),
    );
  }
  replace(langSlot, group);
}

render();
