import KelvinCommandLine

KelvinCommandLine.main()
