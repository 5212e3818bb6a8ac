import Foundation
import KelvinCommandLine
import Testing

/// Completion scripts, generated from the declarations, checked by the shells themselves.
@Suite("completion scripts")
struct CompletionScriptTests {
  func script(_ shell: String) -> String {
    KelvinCommandLine.run(["completion", shell]).standardOutput
  }

  /// Runs `command` in `shell` with the script saved at `path`, if the shell is installed.
  func shell(_ name: String, _ arguments: [String], input: String? = nil) throws -> (Int32, String)?
  {
    let candidates = ["/bin/\(name)", "/usr/bin/\(name)", "/usr/local/bin/\(name)"]
    guard let path = candidates.first(where: FileManager.default.isExecutableFile) else {
      return nil
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
  }

  func save(_ text: String, _ name: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID())-\(name)")
      .path
    #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
    return path
  }

  @Test("every subcommand and every option is in every script")
  func complete() {
    for shell in ["bash", "zsh", "fish"] {
      let text = script(shell)
      for command in KelvinCommandLine.commands {
        #expect(
          text.contains(command.configuration.name), "\(shell): \(command.configuration.name)")
        for option in command.declaredOptions where !option.isPositional {
          #expect(text.contains(option.name), "\(shell): \(option.flag)")
        }
      }
    }
  }

  @Test("bash parses the script, and its function completes subcommands, options and choices")
  func bash() throws {
    let path = try save(script("bash"), "kelvin.bash")
    func complete(_ line: String) throws -> [String] {
      let words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
      let program = """
        source '\(path)'
        COMP_WORDS=(\(words.map { "'\($0)'" }.joined(separator: " ")))
        COMP_CWORD=\(words.count - 1)
        _kelvin
        printf '%s\\n' "${COMPREPLY[@]}"
        """
      guard let (status, text) = try shell("bash", ["-c", program]) else { return [] }
      #expect(status == 0, "\(text)")
      return text.split(separator: "\n").map(String.init)
    }
    guard try shell("bash", ["-n", path])?.0 == 0 else {
      Issue.record("bash -n failed or bash is missing")
      return
    }
    #expect(try complete("kelvin soft").contains("softmax"))
    #expect(try complete("kelvin softmax --temp") == ["--temperature"])
    #expect(try complete("kelvin softmax --format ") == ["table", "json"])
    #expect(try complete("kelvin completion ").contains("zsh"))
    #expect(try complete("kelvin process --preset ") == ["llama", "hf"])
  }

  @Test("zsh and fish parse their scripts, where they are installed")
  func otherShells() throws {
    let zsh = try save(script("zsh"), "_kelvin")
    if let (status, text) = try shell("zsh", ["-n", zsh]) { #expect(status == 0, "\(text)") }
    if let (status, text) = try shell(
      "zsh", ["-c", "autoload -Uz compinit; compinit -u -D; source '\(zsh)'; print loaded"])
    {
      #expect(status == 0 && text.hasSuffix("loaded\n"), "\(text)")
    }
    let fish = try save(script("fish"), "kelvin.fish")
    if let (status, text) = try shell("fish", ["-n", fish]) { #expect(status == 0, "\(text)") }
    // fish can complete a command line itself.
    if let (_, text) = try shell(
      "fish",
      ["-c", "source '\(fish)'; complete -C 'kelvin softmax --temp'; complete -C 'kelvin sof'"])
    {
      #expect(text.contains("--temperature\t") && text.contains("softmax\t"), "\(text)")
    }
    #expect(script("zsh").hasPrefix("#compdef kelvin"))
    #expect(script("fish").contains("complete -c kelvin -n '__fish_use_subcommand' -a softmax"))
  }
}
