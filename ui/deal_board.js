// The deal board (ui/deal_board.py): columns of deal cards; a card dragged to another column
// reports {old, new, versions} as the "move" trigger, and Python moves the deal through the
// same business action as the stage form. Pointer events, so a mouse and a finger both drag
// (on a touch screen from the card's grip, so that the board still scrolls under a finger).
// The board is drawn anew from Python's data on every run: a refused move puts the card back.

function layoutOf(root) {
  const layout = {};
  root.querySelectorAll(".col").forEach((col) => {
    layout[col.dataset.stage] = Array.from(col.querySelectorAll(".card")).map((c) => Number(c.dataset.deal));
  });
  return layout;
}

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function plainClick(e) {
  return e.button === 0 && !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(".deal-board");
  if (root) root.remove();
  root = el("div", "deal-board");
  root.setAttribute("role", "list");
  parentElement.appendChild(root);
  const versions = {};
  let dragged = false;  // a drag just ended: the click that follows is not a click on the link

  for (const column of data.columns) {
    const col = el("section", "col");
    col.dataset.stage = String(column.id);
    col.setAttribute("aria-label", column.name);
    const head = el("header", "col-head");
    head.appendChild(el("div", "col-name", column.name));
    head.appendChild(el("div", "col-total", column.total));
    col.appendChild(head);
    const list = el("div", "cards");
    for (const card of column.cards) {
      versions[card.id] = card.version;
      const item = el("article", "card");
      item.dataset.deal = String(card.id);
      if (data.draggable) {
        const grip = el("span", "grip", "⠿");
        grip.setAttribute("aria-hidden", "true");
        item.appendChild(grip);
      }
      const link = el("a", "client", card.client);
      link.href = card.href;
      link.draggable = false;
      link.addEventListener("click", (e) => {
        if (dragged) { e.preventDefault(); return; }
        if (plainClick(e)) { e.preventDefault(); setTriggerValue("open", card.id); }
      });
      item.appendChild(link);
      item.appendChild(el("div", "title", card.title));
      item.appendChild(el("div", "amount", card.amount));
      const meta = el("div", "meta");
      meta.appendChild(el("span", "days", card.days));
      meta.appendChild(el("span", "owner", card.owner));
      item.appendChild(meta);
      list.appendChild(item);
    }
    if (!column.cards.length) list.appendChild(el("div", "empty", data.empty));
    col.appendChild(list);
    if (column.more) {
      const more = el("a", "more", column.more.label);
      more.href = column.more.href;
      more.addEventListener("click", (e) => {
        if (plainClick(e)) { e.preventDefault(); setTriggerValue("more", column.id); }
      });
      col.appendChild(more);
    }
    root.appendChild(col);
  }
  if (!data.draggable) return () => root.remove();

  let drag = null;  // {card, from, startX, startY, ghost, over, pointerId}

  const columnAt = (x, y) => {
    const hit = (parentElement.elementFromPoint ? parentElement : document).elementFromPoint(x, y);
    return hit && hit.closest ? hit.closest(".col") : null;
  };

  const onMove = (e) => {
    if (!drag || e.pointerId !== drag.pointerId) return;
    if (!drag.ghost) {
      if (Math.abs(e.clientX - drag.startX) + Math.abs(e.clientY - drag.startY) < 6) return;
      const box = drag.card.getBoundingClientRect();
      drag.ghost = drag.card.cloneNode(true);
      drag.ghost.classList.add("ghost");
      drag.ghost.style.width = `${box.width}px`;
      drag.dx = e.clientX - box.left;
      drag.dy = e.clientY - box.top;
      root.appendChild(drag.ghost);
      drag.card.classList.add("dragging");
    }
    e.preventDefault();
    drag.ghost.style.left = `${e.clientX - drag.dx}px`;
    drag.ghost.style.top = `${e.clientY - drag.dy}px`;
    const over = columnAt(e.clientX, e.clientY);
    if (over !== drag.over) {
      if (drag.over) drag.over.classList.remove("over");
      drag.over = over;
      if (over && over !== drag.from) over.classList.add("over");
    }
  };

  const finish = (e) => {
    if (!drag || e.pointerId !== drag.pointerId) return;
    const { card, from, ghost, over } = drag;
    drag = null;
    window.removeEventListener("pointermove", onMove);
    window.removeEventListener("pointerup", finish);
    window.removeEventListener("pointercancel", finish);
    if (!ghost) return;  // a click, not a drag
    dragged = true;
    setTimeout(() => { dragged = false; }, 0);
    ghost.remove();
    card.classList.remove("dragging");
    if (over) over.classList.remove("over");
    if (e.type !== "pointerup" || !over || over === from) return;
    const old = layoutOf(root);
    const target = over.querySelector(".cards");
    const empty = target.querySelector(".empty");
    if (empty) empty.remove();
    target.prepend(card);
    card.classList.add("pending");
    setTriggerValue("move", { old, new: layoutOf(root), versions });
  };

  root.addEventListener("pointerdown", (e) => {
    const card = e.target.closest && e.target.closest(".card");
    if (!card || drag || e.button !== 0) return;
    if (e.pointerType !== "mouse" && !e.target.closest(".grip")) return;  // a finger scrolls, the grip drags
    drag = { card, from: card.closest(".col"), startX: e.clientX, startY: e.clientY, ghost: null, over: null,
             pointerId: e.pointerId };
    window.addEventListener("pointermove", onMove);
    window.addEventListener("pointerup", finish);
    window.addEventListener("pointercancel", finish);
  });

  return () => {
    window.removeEventListener("pointermove", onMove);
    window.removeEventListener("pointerup", finish);
    window.removeEventListener("pointercancel", finish);
    root.remove();
  };
}
