"""Translation catalogue and locale formatting (Bahasa Indonesia first, English available).

Source strings are English and double as catalogue ids; Indonesian lives in
``locale/id/LC_MESSAGES/*.po`` (one file per area so parallel work does not
collide), compiled to ``.mo`` beside them. A :class:`Translator` is an ordinary
object the app or command owns and replaces on a language switch: no global
"current language".
"""

from prakerja_console.i18n.translator import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, Translator

__all__ = ["DEFAULT_LANGUAGE", "SUPPORTED_LANGUAGES", "Translator"]
