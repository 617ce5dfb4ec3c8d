from app.core.text import fold, words


def test_fold_drops_tones_and_vowel_marks():
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("Lý lịch tư pháp") == "ly lich tu phap"
    assert fold("HỘ CHIẾU phổ thông") == "ho chieu pho thong"


def test_fold_maps_d_with_stroke_which_unicode_does_not_decompose():
    assert fold("đ Đ đường") == "d d duong"


def test_fold_turns_punctuation_into_single_spaces():
    assert fold("  Giấy phép—lái xe (hạng B2)!  ") == "giay phep lai xe hang b2"
    assert words("1.001193") == ["1", "001193"]
    assert fold(None) == ""
