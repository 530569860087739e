"""One product of the knowledge base (?id=N): what to tell the client, and its documents.

Heads and administrators edit the texts and the documents; everyone reads.
Link here from anywhere: st.page_link("pages/product.py", query_params={"id": product_id}).
"""
import streamlit as st

from db import access
from db.access import Can
from db.actions.products import archive_document, attach_document, update_product_knowledge
from db.errors import NotFound
from i18n import N_
from queries import products
from ui.data import current_viewer, loader
from ui.forms import FormState, show_flash
from ui.lang import datetime, money, number, t
from ui.params import record_id
from ui.products import document
from ui.text import blank, md_escape

get_product = loader(products.get_product)
product_documents = loader(products.product_documents)

viewer = current_viewer()
st.page_link("pages/products.py", label=t("Product knowledge base"), icon=":material/arrow_back:")
product_id = record_id()
try:
    if product_id is None:
        raise NotFound("Product not found.")
    product = get_product(product_id=product_id)
except NotFound as exc:
    st.title(t("Product"))
    st.warning(t(exc.message), icon=":material/search_off:")
    st.stop()

st.title(md_escape(product.name) + (f" · ★ {t('New product')}" if product.is_new else ""))
st.caption(" · ".join(filter(None, [
    f"{t('SKU')} {md_escape(product.sku)}", md_escape(product.group) if product.group else None,
    f"{money(product.price, kopecks=True)} / {md_escape(product.unit)}",
    None if product.active else t("No longer sold"),
])))
show_flash()
editor = access.can(viewer, Can.EDIT_KNOWLEDGE_BASE)

SECTIONS = (("description", N_("Description")), ("advantages", N_("Advantages")),
            ("competitors", N_("Comparison with competitors")))
for field, title in SECTIONS:
    st.subheader(t(title))
    text = getattr(product, field)
    if text:
        st.markdown(md_escape(text))
    else:
        st.caption(t("Nothing written yet."))

st.subheader(t("Documents"))
docs = product_documents(product_id=product.id)
if docs.empty:
    st.caption(t("No documents attached."))
else:
    by_id = docs.set_index("id", drop=False)
    for doc in docs.itertuples():
        c1, c2 = st.columns([4, 1])
        c1.markdown(f":material/description: **{md_escape(doc.filename)}**  \n"
                    + t("{size} KB · {when} · {who}", size=number(max(1, round((doc.size or 0) / 1024))),
                        when=datetime(doc.created_at), who=blank(doc.uploaded_by)))
        with c2:
            # The content is read only for the document asked for, not for the whole list.
            if st.toggle(t("Prepare the download"), key=f"doc_ready_{doc.id}"):
                got = document(int(doc.id))
                st.download_button(t("Download"), got.content, file_name=got.filename, mime=got.content_type,
                                   icon=":material/download:", key=f"doc_get_{doc.id}")

if editor:
    st.divider()
    with st.expander(t("Edit the product's knowledge"), icon=":material/edit:"):
        form = FormState(f"product_{product.id}_{product.version}")
        with st.form(form.key):
            form.top()
            values = {field: form.area(field, t(title), value=getattr(product, field) or "", height=140)
                      for field, title in SECTIONS}
            is_new = st.checkbox(t("Mark as a new product"), value=product.is_new, key=form.field("is_new"))
            if st.form_submit_button(t("Save"), type="primary"):
                form.submit(update_product_knowledge, t("Saved."), product_id=product.id,
                            expected_version=product.version, is_new=is_new, **values)
        if product.updated_at:
            st.caption(t("Last changed {when} by {who}.", when=datetime(product.updated_at),
                         who=product.updated_by or "—"))
    with st.expander(t("Attach a document"), icon=":material/attach_file:"):
        upload = FormState(f"product_doc_{product.id}")
        with st.form(upload.key):
            upload.top()
            file = upload.widget("file", st.file_uploader, t("File"))
            if st.form_submit_button(t("Attach"), type="primary"):
                upload.submit(attach_document, t("The document is attached."), product_id=product.id,
                              filename=file.name if file else None, content=file.getvalue() if file else None,
                              content_type=file.type if file else None)
    if not docs.empty:
        gone = FormState(f"product_doc_archive_{product.id}")
        gone.top()
        c1, c2 = st.columns([3, 1])
        doc_id = c1.selectbox(t("Remove a document"), list(by_id.index), index=None,
                              placeholder=t("Choose a document"),
                              format_func=lambda i: by_id.loc[i, "filename"], key=f"doc_archive_{product.id}")
        if c2.button(t("Remove"), icon=":material/delete:", disabled=doc_id is None):
            gone.submit(archive_document, t("The document is removed."), document_id=int(doc_id))
