"""Company details (administrator; the director reads them): the supplier's requisites, VAT and
proposal defaults the commercial proposals and invoices print, and the logo on their letterhead."""
import streamlit as st

from db.actions.company_settings import save_company_details, save_company_logo
from db.company import COMPANY_KEY, LOGO_KEY, MAX_LOGO_BYTES, VAT_RATES, WITHOUT_VAT
from queries import company
from i18n import N_
from ui.data import loader
from ui.forms import FormState, show_flash
from ui.lang import t
from ui.text import md_escape

company_settings = loader(company.company_settings)

st.title(t("Company details"))
show_flash()
view = company_settings()
details = view.details
st.caption(t("Commercial proposals and invoices print these requisites; the bank accounts are checked "
             "against the BIC."))
if details.missing_for_invoice:
    st.warning(t("An invoice needs: {fields}.", fields=", ".join(t(m) for m in details.missing_for_invoice)),
               icon=":material/warning:")

LABELS = {  # field: label, in the form's order
    "name": N_("Short name"), "legal_name": N_("Legal name"), "inn": N_("INN"), "kpp": N_("KPP"),
    "ogrn": N_("OGRN"), "address": N_("Legal address"), "phone": N_("Phone"), "email": N_("E-mail"),
    "website": N_("Website"), "bank_name": N_("Bank"), "bic": N_("BIC"), "settlement_account": N_("Settlement account"),
    "correspondent_account": N_("Correspondent account"), "director": N_("Director's name"),
    "director_title": N_("Director's title"), "chief_accountant": N_("Chief accountant's name"),
}


def vat_label(rate: str) -> str:
    return t("Without VAT") if rate == WITHOUT_VAT else f"{rate} %"


def stamp(key: str) -> int:
    """The setting's save time as a number: part of the form's key, so a saved form starts afresh."""
    at = view.versions.get(key)
    return int(at.timestamp() * 1_000_000) if at else 0


if not view.may_edit:
    rows = [f"**{t(label)}:** {md_escape(getattr(details, name)) or '—'}" for name, label in LABELS.items()]
    rows += [f"**{t('VAT rate')}:** {vat_label(details.vat_rate)}",
             f"**{t('A proposal is valid, days')}:** {details.proposal_validity_days}"]
    left, right = st.columns([3, 1])
    left.markdown("  \n".join(rows))
    if view.logo:
        right.image(view.logo.data, width=200)
    if details.proposal_closing_text:
        st.markdown(f"**{t('Closing text of a proposal')}**")
        st.text(details.proposal_closing_text)
    st.stop()

form = FormState(f"company_details_{stamp(COMPANY_KEY)}")
with st.form(form.key):
    form.top()
    fields = {}
    c1, c2 = st.columns(2)
    with c1:
        fields["name"] = form.text("name", t("Short name"), value=details.name, placeholder="Стройснаб")
    with c2:
        fields["legal_name"] = form.text("legal_name", t("Legal name"), value=details.legal_name,
                                         placeholder='ООО "Стройснаб"')
    c1, c2, c3 = st.columns(3)
    for column, name in zip((c1, c2, c3), ("inn", "kpp", "ogrn"), strict=True):
        with column:
            fields[name] = form.text(name, t(LABELS[name]), value=getattr(details, name))
    fields["address"] = form.area("address", t("Legal address"), value=details.address, height=68)
    c1, c2, c3 = st.columns(3)
    for column, name in zip((c1, c2, c3), ("phone", "email", "website"), strict=True):
        with column:
            fields[name] = form.text(name, t(LABELS[name]), value=getattr(details, name))
    st.markdown(f"**{t('Bank')}**")
    c1, c2 = st.columns(2)
    with c1:
        fields["bank_name"] = form.text("bank_name", t("Bank"), value=details.bank_name)
        fields["settlement_account"] = form.text("settlement_account", t("Settlement account"),
                                                 value=details.settlement_account)
    with c2:
        fields["bic"] = form.text("bic", t("BIC"), value=details.bic)
        fields["correspondent_account"] = form.text("correspondent_account", t("Correspondent account"),
                                                    value=details.correspondent_account)
    st.markdown(f"**{t('Signatures')}**")
    c1, c2, c3 = st.columns(3)
    for column, name in zip((c1, c2, c3), ("director_title", "director", "chief_accountant"), strict=True):
        with column:
            fields[name] = form.text(name, t(LABELS[name]), value=getattr(details, name),
                                     placeholder=t("Director") if name == "director_title" else "")
    st.markdown(f"**{t('VAT and proposals')}**")
    c1, c2 = st.columns(2)
    with c1:
        fields["vat_rate"] = form.select("vat_rate", t("VAT rate"), list(VAT_RATES),
                                         index=VAT_RATES.index(details.vat_rate), format_func=vat_label)
    with c2:
        fields["proposal_validity_days"] = form.number(
            "proposal_validity_days", t("A proposal is valid, days"), min_value=1, max_value=365, step=1,
            value=details.proposal_validity_days)
    fields["proposal_closing_text"] = form.area(
        "proposal_closing_text", t("Closing text of a proposal"), value=details.proposal_closing_text,
        placeholder=t("Delivery terms, payment terms, a kind word: printed at the end of every proposal."))
    if st.form_submit_button(t("Save"), type="primary"):
        form.submit(save_company_details, t("Saved."), expected_updated_at=view.versions.get(COMPANY_KEY), **fields)

st.subheader(t("Logo"))
left, right = st.columns([1, 2])
with left:
    if view.logo:
        st.image(view.logo.data, width=200)
    else:
        st.caption(t("No logo yet."))
with right:
    logo_form = FormState(f"company_logo_{stamp(LOGO_KEY)}")
    with st.form(logo_form.key):
        logo_form.top()
        # The widget's own limit is whole megabytes; the action refuses above MAX_LOGO_BYTES, saying so.
        upload = logo_form.widget("logo", st.file_uploader, t("A PNG or JPEG image, at most {size} KB",
                                                              size=MAX_LOGO_BYTES // 1024), type=["png", "jpg", "jpeg"],
                                  max_upload_size=1)
        save, remove = st.columns(2)
        if save.form_submit_button(t("Upload the logo"), type="primary"):
            if upload is None:
                logo_form.slots["logo"].error(t("Choose a file first."), icon=":material/error:")
            else:
                logo_form.submit(save_company_logo, t("Saved."), expected_updated_at=view.versions.get(LOGO_KEY),
                                 data=upload.getvalue())
        if remove.form_submit_button(t("Remove the logo"), disabled=view.logo is None):
            logo_form.submit(save_company_logo, t("The logo was removed."),
                             expected_updated_at=view.versions.get(LOGO_KEY), data=None)
