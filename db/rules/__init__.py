"""Business rules both sides need, read-only: queries show them, actions enforce them.

A rule reads the database (never writes) and knows nothing of pages, queries or
actions: `queries/` and `db/actions/` import from here, never the other way
round (tests/test_architecture.py keeps it so).

- `validate`: `Checks`, the field checks every form and import runs;
- `credit`: the client's exposure by part, overdue debt, the credit check and the overdue block;
- `deals`: the discount cap;
- `handover`: who may receive clients, what a person holds, their loose work;
- `periods`, `abc`, `regulations`: months, the clients' ABC/XYZ classes, who is due
  for a contact, a reorder or a look at a stalled deal;
- `mailing`: the recipients of a mail-merge and the values their letters are filled with;
- `frame`: a SELECT into a DataFrame.
"""
