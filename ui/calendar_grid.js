// The calendar's grid (ui/calendar_grid.py): days side by side (a week, or one day), a row of
// whole-day tasks on top and the hours below, each task a card at its time. A card dragged to
// another day's whole-day cell or to a half-hour of a day reports {task, version, day, start,
// minutes} as the "move" trigger; Python moves the task through the same action as the form
// (db/actions/activities.reschedule_task). A click on a card reports "open" (the task's panel).
// Pointer events, so a mouse and a finger both drag (on a touch screen from the card's grip, so
// that the grid still scrolls under a finger). Drawn anew from Python's data on every run.

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function hhmm(minutes) {
  const h = Math.floor(minutes / 60) % 24;
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

// Side-by-side lanes for tasks whose times overlap: [{task, lane, lanes}].
function lanes(tasks, fallback) {
  const sorted = [...tasks].sort((a, b) => a.start - b.start || a.id - b.id);
  const placed = [];
  let cluster = [];
  let clusterEnd = -1;
  const close = () => {
    const count = Math.max(1, ...cluster.map((p) => p.lane + 1));
    cluster.forEach((p) => { p.lanes = count; });
    cluster = [];
  };
  for (const task of sorted) {
    const end = task.start + (task.minutes || fallback);
    if (task.start >= clusterEnd) { close(); clusterEnd = -1; }
    const ends = [];
    cluster.forEach((p) => { ends[p.lane] = Math.max(ends[p.lane] || 0, p.end); });
    let lane = 0;
    while (ends[lane] !== undefined && ends[lane] > task.start) lane += 1;
    const item = { task, lane, lanes: 1, end };
    cluster.push(item);
    placed.push(item);
    clusterEnd = Math.max(clusterEnd, end);
  }
  close();
  return placed;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(".cal");
  if (root) root.remove();
  root = el("div", `cal ${data.days.length === 1 ? "cal-day" : "cal-week"}`);
  root.style.setProperty("--days", String(data.days.length));
  parentElement.appendChild(root);

  const first = data.first_hour * 60;
  const last = data.last_hour * 60;
  const slot = 30;  // minutes a drop snaps to
  const fallback = data.default_minutes;
  const scroller = el("div", "cal-scroll");
  const inner = el("div", "cal-inner");
  scroller.appendChild(inner);
  root.appendChild(scroller);

  // Heads.
  const head = el("div", "cal-row cal-head");
  head.appendChild(el("div", "gutter"));
  for (const day of data.days) {
    const cell = el("div", `day-head${day.today ? " today" : ""}`, day.label);
    cell.dataset.day = day.date;
    head.appendChild(cell);
  }
  inner.appendChild(head);

  const card = (task, timed) => {
    const item = el("article", `task${task.done ? " done" : ""}${task.movable ? " movable" : ""}`);
    item.dataset.task = String(task.id);
    item.setAttribute("role", "button");
    item.setAttribute("tabindex", "0");
    item.setAttribute("aria-label", [task.when, task.title, task.client].filter(Boolean).join(" · "));
    item.title = item.getAttribute("aria-label");  // the whole of a card cut short, on hover
    if (task.movable) {
      const grip = el("span", "grip", "⠿");
      grip.setAttribute("aria-hidden", "true");
      item.appendChild(grip);
    }
    if (timed) item.appendChild(el("div", "when", task.when));
    item.appendChild(el("div", "title", task.title));
    if (task.client) item.appendChild(el("div", "client", task.client));
    item.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); setTriggerValue("open", task.id); }
    });
    return item;
  };

  // The whole-day row.
  const allday = el("div", "cal-row cal-allday");
  allday.appendChild(el("div", "gutter", data.whole_day));
  for (const day of data.days) {
    const cell = el("div", `allday-cell drop${day.today ? " today" : ""}`);
    cell.dataset.day = day.date;
    for (const task of data.tasks.filter((t) => t.day === day.date && t.start === null)) {
      cell.appendChild(card(task, false));
    }
    allday.appendChild(cell);
  }
  inner.appendChild(allday);

  // The hours.
  const body = el("div", "cal-row cal-body");
  const gutter = el("div", "gutter hours");
  for (let m = first; m < last; m += 60) gutter.appendChild(el("div", "hour", hhmm(m)));
  body.appendChild(gutter);
  const slots = (last - first) / slot;
  for (const day of data.days) {
    const col = el("div", `day-col drop${day.today ? " today" : ""}`);
    col.dataset.day = day.date;
    col.style.setProperty("--slots", String(slots));
    const timed = data.tasks.filter((t) => t.day === day.date && t.start !== null);
    for (const { task, lane, lanes: count } of lanes(timed, fallback)) {
      const item = card(task, true);
      const from = Math.max(task.start, first);
      const to = Math.min(task.start + (task.minutes || fallback), last);
      if (to - from <= slot) {  // the start and the title on one line
        item.classList.add("short");
        item.querySelector(".when").textContent = hhmm(task.start);
      }
      item.style.top = `calc(${(from - first) / slot} * var(--slot))`;
      item.style.height = `calc(${Math.max(to - from, slot) / slot} * var(--slot) - 2px)`;
      item.style.left = `calc(${(100 * lane) / count}% + 1px)`;
      item.style.width = `calc(${100 / count}% - 3px)`;
      col.appendChild(item);
    }
    body.appendChild(col);
  }
  inner.appendChild(body);
  if (!data.tasks.length) root.appendChild(el("div", "empty", data.empty));

  // On a narrow screen the week scrolls sideways: bring today (or the first day) into view.
  requestAnimationFrame(() => {
    if (scroller.scrollWidth <= scroller.clientWidth) return;
    const today = inner.querySelector(".day-head.today");
    if (today) scroller.scrollLeft = Math.max(0, today.offsetLeft - gutter.offsetWidth);
  });

  const byId = {};
  data.tasks.forEach((t) => { byId[t.id] = t; });
  let drag = null;  // {item, task, startX, startY, ghost, target, pointerId, dx, dy}
  let dragged = false;

  const preview = el("div", "preview");
  const targetAt = (x, y) => {
    const hit = (parentElement.elementFromPoint ? parentElement : document).elementFromPoint(x, y);
    const cell = hit && hit.closest ? hit.closest(".drop") : null;
    if (!cell) return null;
    if (cell.classList.contains("allday-cell")) return { cell, day: cell.dataset.day, start: null };
    const box = cell.getBoundingClientRect();
    const per = box.height / slots;
    const index = Math.min(slots - 1, Math.max(0, Math.floor((y - box.top) / per)));
    return { cell, day: cell.dataset.day, start: first + index * slot, per };
  };

  const showTarget = (target, task) => {
    root.querySelectorAll(".drop.over").forEach((c) => c.classList.remove("over"));
    preview.remove();
    if (!target) return;
    target.cell.classList.add("over");
    if (target.start === null) return;
    const minutes = task.start === null ? fallback : (task.minutes || fallback);
    preview.style.top = `calc(${(target.start - first) / slot} * var(--slot))`;
    preview.style.height = `calc(${Math.max(Math.min(minutes, last - target.start), slot) / slot} * var(--slot) - 2px)`;
    preview.textContent = hhmm(target.start);
    target.cell.appendChild(preview);
  };

  const onMove = (e) => {
    if (!drag || e.pointerId !== drag.pointerId) return;
    if (!drag.ghost) {
      if (Math.abs(e.clientX - drag.startX) + Math.abs(e.clientY - drag.startY) < 6) return;
      const box = drag.item.getBoundingClientRect();
      drag.ghost = drag.item.cloneNode(true);
      drag.ghost.classList.add("ghost");
      drag.ghost.style.width = `${box.width}px`;
      drag.ghost.style.height = `${box.height}px`;
      drag.dx = e.clientX - box.left;
      drag.dy = e.clientY - box.top;
      root.appendChild(drag.ghost);
      drag.item.classList.add("dragging");
    }
    e.preventDefault();
    drag.x = e.clientX;
    drag.y = e.clientY;
    follow();
    if (!drag.timer) drag.timer = setInterval(edgeScroll, 30);
  };

  // The ghost and the slot under the pointer.
  const follow = () => {
    drag.ghost.style.left = `${drag.x - drag.dx}px`;
    drag.ghost.style.top = `${drag.y - drag.dy}px`;
    const target = targetAt(drag.x, drag.y);
    drag.target = target;
    showTarget(target, drag.task);
  };

  // Held near an edge, the grid scrolls to the days out of view (a week on a phone) and the page to
  // the hours out of view; the slot under the pointer follows.
  const page = () => document.querySelector("[data-testid='stMain']") || document.scrollingElement;
  const edgeScroll = () => {
    if (!drag || !drag.ghost) return;
    const box = scroller.getBoundingClientRect();
    const zone = 28;
    let moved = false;
    if (drag.x < box.left + gutter.offsetWidth + zone && scroller.scrollLeft > 0) {
      scroller.scrollLeft -= 10; moved = true;
    } else if (drag.x > box.right - zone && scroller.scrollLeft + scroller.clientWidth < scroller.scrollWidth) {
      scroller.scrollLeft += 10; moved = true;
    }
    const main = page();
    if (main) {
      const top = main === document.scrollingElement ? 0 : main.getBoundingClientRect().top;
      const bottom = main === document.scrollingElement ? window.innerHeight : main.getBoundingClientRect().bottom;
      if (drag.y < top + zone && main.scrollTop > 0) { main.scrollTop -= 10; moved = true; }
      else if (drag.y > bottom - zone && main.scrollTop + main.clientHeight < main.scrollHeight) {
        main.scrollTop += 10; moved = true;
      }
    }
    if (moved) follow();
  };

  const finish = (e) => {
    if (!drag || e.pointerId !== drag.pointerId) return;
    const { item, task, ghost, target, timer } = drag;
    if (timer) clearInterval(timer);
    drag = null;
    window.removeEventListener("pointermove", onMove);
    window.removeEventListener("pointerup", finish);
    window.removeEventListener("pointercancel", finish);
    if (!ghost) {  // a click, not a drag
      if (e.type === "pointerup") setTriggerValue("open", task.id);
      return;
    }
    dragged = true;
    setTimeout(() => { dragged = false; }, 0);
    ghost.remove();
    item.classList.remove("dragging");
    showTarget(null, task);
    if (e.type !== "pointerup" || !target) return;
    if (target.day === task.day && target.start === task.start) return;  // where it was
    item.classList.add("pending");
    setTriggerValue("move", { task: task.id, version: task.version, day: target.day, start: target.start,
                              minutes: task.minutes });
  };

  root.addEventListener("click", (e) => { if (dragged) e.preventDefault(); });
  root.addEventListener("pointerdown", (e) => {
    const item = e.target.closest && e.target.closest(".task");
    if (!item || drag || e.button !== 0) return;
    const task = byId[Number(item.dataset.task)];
    if (!task) return;
    if (!task.movable || (e.pointerType !== "mouse" && !e.target.closest(".grip"))) {
      // Not to be dragged (done, or a finger off the grip): a tap still opens it.
      const up = (u) => {
        window.removeEventListener("pointerup", up);
        if (Math.abs(u.clientX - e.clientX) + Math.abs(u.clientY - e.clientY) < 6) setTriggerValue("open", task.id);
      };
      window.addEventListener("pointerup", up);
      return;
    }
    drag = { item, task, startX: e.clientX, startY: e.clientY, ghost: null, target: null, pointerId: e.pointerId };
    window.addEventListener("pointermove", onMove);
    window.addEventListener("pointerup", finish);
    window.addEventListener("pointercancel", finish);
  });

  return () => {
    if (drag && drag.timer) clearInterval(drag.timer);
    window.removeEventListener("pointermove", onMove);
    window.removeEventListener("pointerup", finish);
    window.removeEventListener("pointercancel", finish);
    root.remove();
  };
}
