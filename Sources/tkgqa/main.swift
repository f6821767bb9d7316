import CLI

TKGQA.main()
