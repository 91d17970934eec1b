// The browser side of the JSF page (faces.xhtml): the top bar, the dev token, the status, and what changes without a
// round trip. <herald:socket> calls the functions of window.facesDemo: tokenprovider, onstatus, onmessage (each
// face.* event goes into the live list at once), and its nested <f:ajax>'s onevent (re-renders are counted once
// Faces applied them). The registrations table itself is the server's: Faces re-renders it.
import { frame, tokenProviderOf, showStatus, notice, userOr, el, time, announce, tenant } from './session.js';

const LIVE_ITEMS = 12;
const $ = (id) => document.getElementById(id);
const user = userOr('alice');
let live = 0;
let rerenders = 0;

frame(user);
$('tenant').textContent = tenant;

window.facesDemo = {
  token: tokenProviderOf(user),
  status: showStatus,

  /** onmessage: every frame of the socket; the events among them go into the live list. */
  message(e) {
    if (!e.id) return;
    live += 1;
    $('kpi-live').textContent = String(live);
    const registered = e.type === 'face.registered';
    const face = e.data?.face_id ?? '–';
    $('live').prepend(el('li', { className: 'arrived', dataset: { id: e.id, type: e.type } },
      el('span', { className: `chip ${registered ? 'chip-ok' : 'chip-muted'}` }, registered ? 'registered' : e.type.replace(/^face\./, '')),
      el('div', {}, el('p', {}, el('code', {}, face)), e.data?.camera ? el('p', { className: 'src' }, e.data.camera) : null),
      time(e.timestamp)));
    while ($('live').children.length > LIVE_ITEMS) $('live').lastElementChild.remove();
    $('live-empty').hidden = true;
    if (registered) announce(`Face registered: ${face}`);
  },

  /** The f:ajax's onevent: counts the re-renders Faces applied. */
  ajax(data) {
    if (data.status !== 'success') return;
    rerenders += 1;
    $('kpi-rerenders').textContent = String(rerenders);
  },

  /** The f:ajax's onerror: most often a view the server no longer holds (it restarted; the socket reconnected). */
  ajaxFailed(data) {
    notice(`The table could not be re-rendered (${data.errorName || data.status}): reload the page.`);
  },
};

// Outside dev mode the server renders no socket and says why in #notice.
if (!$('board:push')) {
  showStatus({ state: 'closed', reason: 'no token' });
}
