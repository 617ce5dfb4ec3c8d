from app.catalogue.enums import Level
from app.catalogue.search import SearchFilters, search_procedures
from tests.factories import agency_record, field_record, make_procedures, procedure_record


def codes(**filters) -> list[str]:
    page = filters.pop("page", 1)
    per_page = filters.pop("per_page", 20)
    return [procedure.code for procedure in search_procedures(SearchFilters(**filters), page, per_page).items]


def catalogue_of(*records):
    return make_procedures(
        *records,
        fields=[field_record(), field_record("cu-tru", "Cư trú", "Residence")],
        agencies=[agency_record(), agency_record("UBND-XA-T", "commune", "Ủy ban nhân dân cấp xã"),
                  agency_record("CA-TINH-T", "province", "Công an cấp tỉnh")],
    )


def test_words_without_diacritics_find_the_procedure_and_d_is_folded():
    catalogue_of(procedure_record(code="1.001193", name="Đăng ký khai sinh"),
                 procedure_record(code="1.000656", name="Đăng ký khai tử"))
    assert codes(q="dang ky khai sinh") == ["1.001193"]
    assert codes(q="Đăng ký khai sinh") == ["1.001193"]
    assert codes(q="ĐĂNG KÝ KHAI SINH") == ["1.001193"]
    assert codes(q="khai sinh") == ["1.001193"]


def test_the_last_word_counts_as_a_prefix_while_people_type():
    catalogue_of(procedure_record(code="2.001", name="Cấp hộ chiếu phổ thông"))
    assert codes(q="ho chi") == ["2.001"]
    earlier_word_is_whole = search_procedures(SearchFilters(q="chi ho"))
    assert earlier_word_is_whole.corrected_q == "chieu ho"


def test_a_match_in_the_name_ranks_above_a_match_in_the_description():
    catalogue_of(
        procedure_record(code="3.001", name="Xác nhận tình trạng hôn nhân", summary="Dùng khi đăng ký kết hôn."),
        procedure_record(code="3.002", name="Đăng ký kết hôn", summary="Hai bên nam nữ."),
    )
    assert codes(q="ket hon") == ["3.002", "3.001"]


def test_the_whole_phrase_ranks_above_scattered_words():
    catalogue_of(
        procedure_record(code="4.001", name="Đăng ký lại khai sinh cho người đã có hồ sơ giấy tờ cá nhân"),
        procedure_record(code="4.002", name="Đăng ký khai sinh kết hợp nhận cha, mẹ, con"),
    )
    assert codes(q="dang ky khai sinh") == ["4.002", "4.001"]


def test_everyday_words_and_english_names_are_searched():
    catalogue_of(procedure_record(code="5.001", name="Đổi giấy phép lái xe do ngành Công an cấp",
                                  name_en="Exchange of a driving licence", keywords=["bằng lái xe", "đổi bằng lái"]))
    assert codes(q="bang lai") == ["5.001"]
    assert codes(q="driving licence") == ["5.001"]
    assert codes(q="giay phep lai xe") == ["5.001"]


def test_a_small_typing_mistake_is_corrected_and_said_so():
    catalogue_of(procedure_record(code="6.001", name="Cấp phiếu lý lịch tư pháp"))
    result = search_procedures(SearchFilters(q="ly lich tu phapp"))
    assert [p.code for p in result.items] == ["6.001"]
    assert result.corrected_q == "ly lich tu phap"
    assert search_procedures(SearchFilters(q="ly lich tu phap")).corrected_q is None


def test_nothing_found_is_an_empty_page_not_an_error():
    catalogue_of(procedure_record(name="Đăng ký thường trú"))
    result = search_procedures(SearchFilters(q="qqqqzzzz"))
    assert (result.total, result.items, result.pages) == (0, [], 1)


def test_filters_narrow_by_level_agency_field_and_online():
    catalogue_of(
        procedure_record(code="7.001", name="Đăng ký thường trú", level="commune", agency="UBND-XA-T", field="cu-tru"),
        procedure_record(code="7.002", name="Đăng ký tạm trú", level="commune", agency="UBND-XA-T", field="cu-tru",
                         online_level="partial"),
        procedure_record(code="7.003", name="Cấp hộ chiếu", level="province", agency="CA-TINH-T"),
    )
    assert codes(level=Level.COMMUNE) == ["7.002", "7.001"]
    assert codes(agency="CA-TINH-T") == ["7.003"]
    assert codes(field="cu-tru", online_only=True) == ["7.001"]
    assert codes(q="dang ky", level=Level.PROVINCE) == []


def test_results_come_in_pages_and_a_page_past_the_end_shows_the_last():
    catalogue_of(*[procedure_record(code=f"8.{n:03d}", name=f"Thủ tục kiểm thử số {n:02d}") for n in range(25)])
    first = search_procedures(SearchFilters(q="kiem thu"), page=1, per_page=10)
    assert (first.total, first.pages, len(first.items), first.first_index, first.last_index) == (25, 3, 10, 1, 10)
    last = search_procedures(SearchFilters(q="kiem thu"), page=99, per_page=10)
    assert (last.page, len(last.items), last.first_index) == (3, 5, 21)
    seen = [c for page in (1, 2, 3) for c in codes(q="kiem thu", page=page, per_page=10)]
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 25


def test_search_sees_a_procedure_renamed_by_a_reimport():
    record = procedure_record(code="9.500", name="Cấp giấy phép xây dựng")
    catalogue_of(record)
    record["name"] = "Cấp giấy phép sửa chữa nhà ở"
    make_procedures(record, agencies=[agency_record()], fields=[field_record()])
    assert codes(q="xay dung") == []
    assert codes(q="sua chua") == ["9.500"]


def test_postgresql_search_indexes_take_new_entries_straight_in(app):
    """A GIN pending list is scanned in full by every search until a vacuum; migration 0002 turns it off."""
    from app.extensions import db
    if db.engine.dialect.name != "postgresql":
        assert db.session.scalar(db.text("SELECT count(*) FROM sqlite_master WHERE name = 'procedure_fts'")) == 1
        return
    options = dict(db.session.execute(db.text(
        "SELECT relname, array_to_string(reloptions, ',') FROM pg_class"
        " WHERE relname IN ('ix_procedure_search_vector', 'ix_search_term_trgm')")).all())
    assert options == {"ix_procedure_search_vector": "fastupdate=off", "ix_search_term_trgm": "fastupdate=off"}
