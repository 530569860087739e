"""Russian for the proposals and invoices (issue 20): the forms and messages around the documents.
The documents themselves are in Russian already (db/documents/text.py)."""

RU = {
    "A proposal is made from a deal or for a client.": "Коммерческое предложение делается по сделке или для клиента.",
    "Document not found, or its client is not among yours.": "Документ не найден или его клиент не из ваших.",
    "A newer version of this document exists: make the next one from it.":
        "У документа есть более новая редакция: следующую делайте из неё.",
    "This version is replaced by a newer one: send the newest version.":
        "Эта редакция заменена более новой: отправьте последнюю.",
    "The document has no PDF to send.": "У документа нет PDF для отправки.",
    "The letter could not be queued.": "Письмо не удалось поставить в очередь.",
    "The company's details are not complete for an invoice: \u201c{missing}\u201d is not filled in. An administrator "
    "fills the details in on the \u201cCompany details\u201d page.":
        "Для счёта не хватает реквизитов компании: не заполнено «{missing}». Администратор заполняет их на странице "
        "«Реквизиты компании».",
    "The deal has no lines: add the products to it first.": "В сделке нет строк: сначала добавьте в неё товары.",
    "Choose at least one product.": "Выберите хотя бы один товар.",
    "Line {line}: choose a product from the catalogue, a quantity above zero and a discount between 0 and 100 %.":
        "Строка {line}: выберите товар из каталога, количество больше нуля и скидку от 0 до 100 %.",
    "An invoice is made at a committing stage (a contract, a won deal); the deal is at \u201c{stage}\u201d. Move it "
    "on first.":
        "Счёт выставляется на обязывающем этапе (договор, выигранная сделка); сделка сейчас на этапе «{stage}». "
        "Сначала переведите её дальше.",
    "Proposals and invoices": "Коммерческие предложения и счета",
    "Proposal from offers": "КП из того, что предложить",
    "Proposal": "КП",
    "Invoice": "Счёт",
    "Issued": "Выставлен",
    "Replaced by a newer version": "Заменён новой редакцией",
    "No contact": "Без контакта",
    "Valid until": "Действительно до",
    "Your position (under your signature)": "Ваша должность (под подписью)",
    "A few words before the lines (optional)": "Несколько слов перед таблицей (необязательно)",
    "Add the products' advantages from the knowledge base": "Добавить преимущества товаров из базы знаний",
    "Make a proposal": "Сделать КП",
    "Add the deal's lines first: the proposal lists them.": "Сначала добавьте строки сделки: КП перечисляет их.",
    "Make the proposal": "Сделать КП",
    "Proposal No. {number} made.": "КП № {number} готово.",
    "Make an invoice": "Выставить счёт",
    "An invoice is made at a committing stage (a contract, a won deal). Move the deal on first.":
        "Счёт выставляется на обязывающем этапе (договор, выигранная сделка). Сначала переведите сделку дальше.",
    "Add the deal's lines first: the invoice lists them.": "Сначала добавьте строки сделки: счёт перечисляет их.",
    "Pay by (optional)": "Оплатить до (необязательно)",
    "Make the invoice": "Выставить счёт",
    "Invoice No. {number} made.": "Счёт № {number} выставлен.",
    "version {n}": "редакция {n}",
    "No.": "№",
    "No proposals or invoices yet.": "Коммерческих предложений и счетов пока нет.",
    "sent {when} to {to}": "отправлен {when} на {to}",
    "made by {who}": "составил(а) {who}",
    "Send": "Отправить",
    "New version": "Новая редакция",
    "The same number, the next version, made from the present lines and requisites; this one stays listed as "
    "replaced.":
        "Тот же номер, следующая редакция — по текущим строкам и реквизитам; эта остаётся в списке как заменённая.",
    "Version {n} made.": "Редакция {n} готова.",
    "To (e-mail)": "Кому (e-mail)",
    "Create a follow-up task": "Поставить задачу созвониться",
    "Follow up on": "Созвониться",
    "Follow up: {document}": "Созвониться: {document}",
    "Sent to {to}.": "Отправлено на {to}.",
    "Queued for {to}: the mail server did not take it now ({error}). It goes out with the next round of the mail "
    "queue.":
        "Поставлено в очередь для {to}: почтовый сервер сейчас не принял письмо ({error}). Оно уйдёт со следующей "
        "отправкой очереди.",
    "Groups to offer": "Какие группы предложить",
    "Products of each group": "Товаров из каждой группы",
    "The chosen groups have no products in the catalogue.": "В выбранных группах нет товаров в каталоге.",
    "Proposal No. {number} made: it is on the client's card, tab \u201cDocuments\u201d.":
        "КП № {number} готово: оно на карточке клиента, вкладка «Документы».",
}
