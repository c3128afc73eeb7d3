"""Translations: the app's own `.qm` files and Qt's, for the system locale or the chosen language.

Sources are `resources/translations/hftray_<locale>.ts` (see scripts/update_translations.sh);
the compiled `.qm` files are committed beside them.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from hftray.core.resources import ResourceMissingError, resource_path

logger = logging.getLogger(__name__)

APP_CATALOG = "hftray"
# The source texts are English; "C" (no locale set) shows them too, so nothing is missing.
_SOURCE_LANGUAGES = (QLocale.Language.English, QLocale.Language.C)


def choose_locale(language: str) -> QLocale:
    """The language setting (e.g. "zh_CN") when set, else the system's."""
    return QLocale(language) if language.strip() else QLocale.system()


def install_translations(app: QCoreApplication, language: str = "") -> QLocale:
    """Install Qt's and our translators for `language`; English needs none."""
    locale = choose_locale(language)
    QLocale.setDefault(locale)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    try:
        ours_dir = str(resource_path("translations"))
    except ResourceMissingError:
        ours_dir = ""
    for name, directory in (("qtbase", qt_dir), (APP_CATALOG, ours_dir)):
        translator = QTranslator(app)
        if directory and translator.load(locale, name, "_", directory):
            app.installTranslator(translator)
        elif name == APP_CATALOG and locale.language() not in _SOURCE_LANGUAGES:
            logger.info("no %s translation for %s", name, locale.name())
    return locale
