"""The collector settings an audit runs under, and that it gives them back."""

import gc

from audit import collector


def test_rarely_raises_the_thresholds_and_restores_them():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        with collector.rarely():
            assert gc.get_threshold() == (10_000, 20, 20)
        assert gc.get_threshold() == (700, 10, 10)
        gc.set_threshold(50_000, 10, 10)  # higher settings are kept
        with collector.rarely():
            assert gc.get_threshold() == (50_000, 20, 20)
    finally:
        gc.set_threshold(*before)


def test_paused_restores_the_collector_even_after_an_error():
    assert gc.isenabled()
    try:
        with collector.paused():
            assert not gc.isenabled()
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled()


def test_paused_leaves_a_disabled_collector_disabled():
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_audit_gives_the_settings_back(audit_texts):
    before = gc.get_threshold()
    audit_texts({"a.md": "Titel\nDer Rat tagte am Montag.\n"})
    assert gc.get_threshold() == before and gc.isenabled()
