/// CLI: the `tkgqa` commands (swift-argument-parser); the only module that imports ArgumentParser.
enum CLIModule {}
