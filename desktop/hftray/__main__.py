from hftray.cli import main

raise SystemExit(main())
