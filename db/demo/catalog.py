"""The catalogue (building and industrial supplies) and the sales configuration:
pipeline stages, discount caps, lost reasons, the commission scheme."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..search import fold
from ..defaults import LOST_REASONS, ensure_defaults
from ..models import (
    CommissionScheme, CommissionTier, DiscountCap, LostReason, PipelineStage, Product, ProductGroup,
)
from .bulk import Writer
from .context import Ctx, ProductInfo, month_start

# group: (SKU prefix, deal title words, advantages, competitors)
GROUPS = {
    "Металлопрокат": ("MET", "металлопрокат",
                      "Порезка в размер на своём складе; сертификаты на каждую партию",
                      "У «МеталлСервис-Опт» дешевле на 1–2 %, но отгрузка от 5 дней; у нас — за 1–2 дня со склада."),
    "Цемент и сухие смеси": ("CEM", "сухие смеси",
                             "Склад в 30 км от МКАД, доставка манипулятором, паллеты возвратные",
                             "«Стройпоставка» держит цену ниже, но часто нет в наличии в сезон."),
    "Кровля и фасад": ("ROOF", "кровельные материалы",
                       "Раскрой по размерам объекта, гарантия производителя 15 лет",
                       "Прямые поставки с завода дешевле при заказе от 5000 м², но без раскроя и с долгой отгрузкой."),
    "Изоляция": ("INS", "утеплитель",
                 "Широкий выбор плотностей, расчёт толщины под регион",
                 "Сетевые DIY-магазины продают в розницу дороже на 8–10 %, без отсрочки."),
    "Крепёж": ("FIX", "крепёж",
               "Фасовка от 1 кг, более 3000 позиций в наличии",
               "Маркетплейсы дешевле на мелкие партии, но без отсрочки и закрывающих документов вовремя."),
    "Инструмент": ("TOOL", "инструмент",
                   "Сервисный центр, подменный инструмент на время ремонта",
                   "«ИнструментТорг» даёт скидку 5 %, но гарантийный ремонт — только через производителя."),
    "Электротехника": ("EL", "электротехника",
                       "Кабель режем в размер, проверка на соответствие ГОСТ",
                       "Интернет-магазины дешевле, но велик риск контрафактного кабеля."),
    "Трубы и фитинги": ("PIPE", "инженерные системы",
                        "Комплектация систем целиком, подбор по проекту",
                        "«ТермоСнаб» специализируется на отоплении, но не комплектует канализацию и водоснабжение."),
}

# group, name, unit, price in roubles, cost share (None: unknown), new, description
PRODUCTS = [
    ("Металлопрокат", "Арматура А500С 12 мм", "т", 68500, 0.86, False,
     "Рифлёная арматура для монолитного строительства, прутки 11,7 м"),
    ("Металлопрокат", "Арматура А500С 16 мм", "т", 67900, 0.86, False,
     "Арматура для фундаментов и несущих конструкций, прутки 11,7 м"),
    ("Металлопрокат", "Катанка 6,5 мм", "т", 64000, 0.87, False,
     "Катанка в бухтах для армирования и вязки"),
    ("Металлопрокат", "Швеллер 16П", "т", 82000, 0.85, False,
     "Горячекатаный швеллер с параллельными гранями полок"),
    ("Металлопрокат", "Уголок 50×50×5", "т", 79500, 0.85, False, "Равнополочный уголок, сталь Ст3"),
    ("Металлопрокат", "Лист г/к 4 мм", "т", 74000, 0.86, False, "Горячекатаный лист 1500×6000 мм"),
    ("Металлопрокат", "Труба профильная 60×40×2", "т", 88000, 0.84, False,
     "Электросварная профильная труба, длина 6 м"),
    ("Металлопрокат", "Сетка сварная 100×100×4, карта 2×3 м", "шт", 890, 0.78, False,
     "Кладочная и армирующая сетка из проволоки Вр-1"),
    ("Цемент и сухие смеси", "Цемент ЦЕМ I 42,5Н, 50 кг", "меш", 520, 0.82, False,
     "Портландцемент без добавок для бетонов высоких марок"),
    ("Цемент и сухие смеси", "Цемент ЦЕМ II/А-Ш 32,5Б навалом", "т", 7400, 0.83, False,
     "Шлакопортландцемент, доставка цементовозом"),
    ("Цемент и сухие смеси", "Штукатурка гипсовая, 30 кг", "меш", 480, 0.75, False,
     "Машинного и ручного нанесения, для внутренних работ"),
    ("Цемент и сухие смеси", "Клей плиточный C1, 25 кг", "меш", 390, 0.74, False,
     "Для керамической плитки и керамогранита внутри помещений"),
    ("Цемент и сухие смеси", "Наливной пол, 20 кг", "меш", 640, 0.76, False,
     "Самонивелирующаяся смесь, слой 5–80 мм"),
    ("Цемент и сухие смеси", "Пескобетон М300, 40 кг", "меш", 310, 0.77, False,
     "Для стяжек, фундаментов и бетонирования"),
    ("Цемент и сухие смеси", "Клей для газобетона, 25 кг", "меш", 430, 0.74, True,
     "Тонкошовная кладка блоков, шов 1–3 мм"),
    ("Кровля и фасад", "Металлочерепица 0,5 мм, полиэстер", "м²", 690, 0.8, False,
     "Профиль «Монтеррей», 10 цветов RAL в наличии"),
    ("Кровля и фасад", "Профнастил С21 0,5 мм оцинкованный", "м²", 540, 0.81, False,
     "Для кровли и ограждений, длина листа по заказу"),
    ("Кровля и фасад", "Гибкая черепица, упаковка 3 м²", "упак", 1950, 0.78, False,
     "Битумная черепица для сложных кровель"),
    ("Кровля и фасад", "Мембрана гидро-ветрозащитная, 75 м²", "рул", 2300, 0.72, False,
     "Паропроницаемая мембрана для вентилируемых кровель"),
    ("Кровля и фасад", "Желоб водосточный 125 мм, 3 м", "шт", 1150, 0.77, False,
     "Стальная водосточная система с полимерным покрытием"),
    ("Кровля и фасад", "Фиброцементная фасадная панель", "м²", 1480, None, False,
     "Негорючая облицовка вентилируемых фасадов"),
    ("Кровля и фасад", "Саморез кровельный 4,8×35, 250 шт", "упак", 790, 0.7, False,
     "С шайбой EPDM, окрашенный в цвет кровли"),
    ("Изоляция", "Минвата 50 мм, плотность 35", "упак", 1150, 0.8, False,
     "Каменная вата для перегородок и скатных кровель"),
    ("Изоляция", "Базальтовая плита фасадная 100 мм", "упак", 2650, 0.8, False,
     "Для штукатурных фасадов, плотность 135"),
    ("Изоляция", "Экструдированный пенополистирол 50 мм", "упак", 1690, 0.79, False,
     "Для фундаментов, полов и отмосток"),
    ("Изоляция", "Пенополистирол ПСБ-С 25", "м³", 4600, 0.81, False, "Пенопласт общего назначения"),
    ("Изоляция", "Гидроизоляция наплавляемая, 10 м²", "рул", 1380, 0.77, False,
     "Рулонная битумная гидроизоляция на стеклоткани"),
    ("Изоляция", "Пароизоляционная плёнка, 70 м²", "рул", 1050, 0.7, False,
     "Для утеплённых кровель и стен"),
    ("Изоляция", "ПИР-плита 50 мм", "упак", 3400, 0.78, True,
     "Полиизоцианурат: теплее минваты на 40 % при той же толщине"),
    ("Крепёж", "Анкер клиновой 10×100, 50 шт", "упак", 1250, 0.68, False,
     "Для бетона и камня, оцинкованная сталь"),
    ("Крепёж", "Дюбель-гвоздь 6×40, 200 шт", "упак", 480, 0.66, False,
     "Быстрый монтаж профилей и направляющих"),
    ("Крепёж", "Саморез по металлу 4,2×16, 1000 шт", "упак", 690, 0.65, False,
     "С прессшайбой, сверлоконечный"),
    ("Крепёж", "Болт М12×60 оцинкованный", "кг", 310, 0.7, False,
     "Класс прочности 8.8, продаём на вес"),
    ("Крепёж", "Шпилька резьбовая М10, 1 м", "шт", 95, 0.64, False,
     "Для подвесных систем и вентиляции"),
    ("Крепёж", "Химический анкер, 300 мл", "шт", 870, None, False,
     "Винилэстер для высоких нагрузок"),
    ("Крепёж", "Хомут червячный 16–25 мм, 100 шт", "упак", 720, 0.66, False,
     "Нержавеющая сталь W2"),
    ("Инструмент", "Перфоратор SDS-plus 800 Вт", "шт", 9800, 0.79, False,
     "Три режима, энергия удара 2,8 Дж"),
    ("Инструмент", "Шуруповёрт аккумуляторный 18 В", "шт", 11400, 0.8, False,
     "Два аккумулятора 2 Ач, кейс"),
    ("Инструмент", "УШМ 125 мм, 1100 Вт", "шт", 6300, 0.79, False,
     "Плавный пуск, защита от повторного включения"),
    ("Инструмент", "Диск отрезной по металлу 125×1,2, 25 шт", "упак", 1150, 0.7, False,
     "Тонкий рез нержавеющей и конструкционной стали"),
    ("Инструмент", "Бур SDS-plus 10×160", "шт", 240, 0.68, False,
     "Четырёхрезцовая твердосплавная головка"),
    ("Инструмент", "Строительный уровень 2 м", "шт", 1350, 0.72, False,
     "Алюминиевый профиль, три глазка"),
    ("Инструмент", "Лазерный нивелир, 360°", "шт", 14900, 0.77, True,
     "Зелёный луч, дальность 40 м, штатив в комплекте"),
    ("Инструмент", "Бетономешалка 180 л", "шт", 24500, None, False,
     "Чугунный венец, двигатель 800 Вт"),
    ("Электротехника", "Кабель ВВГнг-LS 3×2,5", "м", 118, 0.82, False,
     "Медный кабель, не распространяющий горение"),
    ("Электротехника", "Кабель ВВГнг-LS 5×6", "м", 540, 0.83, False,
     "Силовой кабель для вводов и щитов"),
    ("Электротехника", "Автоматический выключатель 1P 16 А", "шт", 310, 0.7, False,
     "Характеристика C, 4,5 кА"),
    ("Электротехника", "Щит распределительный на 24 модуля", "шт", 2800, 0.74, False,
     "Навесной, IP41, с DIN-рейками"),
    ("Электротехника", "Светильник светодиодный 36 Вт", "шт", 1250, 0.72, False,
     "Офисный, 595×595, 4000 К"),
    ("Электротехника", "Прожектор светодиодный 100 Вт", "шт", 1900, 0.73, True,
     "IP65, для стройплощадок и складов"),
    ("Электротехника", "Гофротруба ПНД 20 мм, 100 м", "рул", 890, 0.7, False,
     "С протяжкой, для скрытой проводки"),
    ("Трубы и фитинги", "Труба ПП армированная 25 мм, 4 м", "шт", 330, 0.75, False,
     "Для отопления и горячего водоснабжения"),
    ("Трубы и фитинги", "Труба ПНД 32 мм питьевая", "м", 95, 0.76, False,
     "Для наружного водопровода, бухты по 100 м"),
    ("Трубы и фитинги", "Труба стальная ВГП 20 мм", "м", 260, 0.83, False,
     "Водогазопроводная, чёрная"),
    ("Трубы и фитинги", "Пресс-муфта 20 мм", "шт", 210, 0.66, False, "Для металлопластиковых труб"),
    ("Трубы и фитинги", "Кран шаровой 1/2\", латунь", "шт", 560, 0.7, False,
     "Полнопроходной, ручка-бабочка"),
    ("Трубы и фитинги", "Радиатор биметаллический, 10 секций", "шт", 9600, 0.8, False,
     "Межосевое 500 мм, давление до 25 атм"),
    ("Трубы и фитинги", "Труба канализационная 110 мм, 2 м", "шт", 640, 0.74, False,
     "Наружная, рыжая, с раструбом"),
    ("Трубы и фитинги", "Насос циркуляционный 25-60", "шт", 7900, 0.78, True,
     "Три скорости, для систем отопления"),
]

FRACTIONAL_UNITS = {"т", "м³"}
NO_RESPONSE = set(LOST_REASONS[4])  # ("Нет ответа", "No response"): deals that went quiet


def load(ctx: Ctx, w: Writer) -> None:
    created = ctx.horizon - dt.timedelta(days=900)
    w.insert(ProductGroup.__table__, [
        {"id": i, "name": name, "created_at": created} for i, name in enumerate(GROUPS, start=1)
    ])
    group_ids = {name: i for i, name in enumerate(GROUPS, start=1)}
    ctx.groups = [{"id": i, "name": name, "words": GROUPS[name][1]} for name, i in group_ids.items()]
    rows: list[dict] = []
    seq: dict[str, int] = {}
    for i, (group, name, unit, price, cost, new, description) in enumerate(PRODUCTS, start=1):
        prefix, _, advantages, competitors = GROUPS[group]
        seq[prefix] = seq.get(prefix, 0) + 1
        sku = f"{prefix}-{seq[prefix]:03d}"
        price_kop = price * 100
        cost_kop = None if cost is None else int(price_kop * cost)
        rows.append({
            "id": i, "sku": sku, "name": name, "group_id": group_ids[group], "unit": unit,
            "price": Decimal(price_kop) / 100,
            "cost": None if cost_kop is None else Decimal(cost_kop) / 100,
            "description": description, "advantages": advantages, "competitors": competitors,
            "is_new": new, "search_text": fold(sku, name, group, description, advantages, competitors),
            "created_at": ctx.horizon - dt.timedelta(days=60 if new else 900),
        })
        info = ProductInfo(i, group_ids[group], price_kop, cost_kop, unit in FRACTIONAL_UNITS)
        ctx.products.append(info)
        ctx.products_by_group.setdefault(info.group_id, []).append(info)
    w.insert(Product.__table__, rows)
    _sales_config(ctx, w)


def _sales_config(ctx: Ctx, w: Writer) -> None:
    """Stages, discount caps and lost reasons: what a new company starts with
    (db/defaults.py, as the first start of the app makes them), or what is already there."""
    conn = w.conn
    created = ctx.horizon - dt.timedelta(days=900)
    session = Session(bind=conn)  # joins the load's transaction, never commits it
    try:
        ensure_defaults(session)
        session.flush()
    finally:
        session.close()
    for table in (PipelineStage, DiscountCap, LostReason):  # for the progress lines
        w.rows[table.__tablename__] = conn.execute(select(func.count()).select_from(table)).scalar_one()
    stages = [dict(r._mapping) for r in conn.execute(
        select(PipelineStage.id, PipelineStage.position, PipelineStage.default_probability,
               PipelineStage.is_won, PipelineStage.is_lost)
        .where(PipelineStage.active.is_(True)).order_by(PipelineStage.position, PipelineStage.id))]
    ctx.open_stages = [s for s in stages if not s["is_won"] and not s["is_lost"]]
    won = [s for s in stages if s["is_won"]]
    lost = [s for s in stages if s["is_lost"]]
    if not ctx.open_stages or not won or not lost:
        raise ValueError("The pipeline needs open stages, a won stage and a lost stage.")
    ctx.won_stage, ctx.lost_stage = won[0], lost[0]
    cap = conn.execute(select(DiscountCap.max_discount_pct).where(DiscountCap.role == "manager")).scalar()
    ctx.manager_cap = int(cap) if cap is not None else 0
    ctx.lost_reasons = list(conn.execute(
        select(LostReason.name).where(LostReason.active.is_(True)).order_by(LostReason.id)).scalars())
    silent = [r for r in ctx.lost_reasons if r in NO_RESPONSE]
    ctx.no_response = silent[0] if silent else (ctx.lost_reasons[-1] if ctx.lost_reasons else "—")
    if not ctx.lost_reasons:
        ctx.lost_reasons = ["—"]

    start = month_start(ctx.today, -24)
    w.insert(CommissionScheme.__table__, [{
        "id": 1, "name": "Стандартная схема менеджеров", "kind": "tiered", "role": "manager",
        "effective_from": start, "created_at": created,
    }])
    w.insert(CommissionTier.__table__, [
        {"id": 1, "scheme_id": 1, "from_pct": Decimal(0), "rate_pct": Decimal(0), "base": "actual"},
        {"id": 2, "scheme_id": 1, "from_pct": Decimal(80), "rate_pct": Decimal(3), "base": "actual"},
        {"id": 3, "scheme_id": 1, "from_pct": Decimal(100), "rate_pct": Decimal(5), "base": "excess"},
    ])
