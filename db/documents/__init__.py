"""Proposals (КП) and invoices (счёт на оплату) as documents (issue 20).

- `content`: the snapshot a document is made from — the supplier's and the buyer's requisites,
  the lines with their prices, discounts and sums, VAT and the total in words — built from a deal
  or from chosen products at the client's prices. Stored with the document (Document.content),
  so the files read the same after the client, the prices or the company change.
- `totals`: the sums: each line quantity × price × (1 − discount) rounded to kopecks (the rule of
  DealLine.amount), VAT included at the company's rate.
- `pdf`, `word`: the files, always in Russian (the documents are for Russian clients), whatever
  the language of the person issuing them.

Read-only: the writes (numbering, audit, sending) are db/actions/documents.py.
"""
