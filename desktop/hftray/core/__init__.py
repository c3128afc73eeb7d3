"""The Qt-free core: everything the tray and the command line share. Never import Qt here."""
