import Foundation
import KelvinCommandLine
import Testing

/// Every option of every command, enumerated from the declarations themselves.
@Suite("every declared option")
struct CommandDeclarationsTests {
  /// What each command needs to get as far as parsing its other options.
  static let required: [String: [String]] = [
    "synth": ["--vocab", "10", "--output", "x.npy"],
    "kd-loss": ["--student", "s.npy", "--teacher", "t.npy", "--temperature", "2"],
    "inspect": ["x.npy"],
    "completion": ["bash"],
    "detokenize": ["--tokenizer", "t.json", "--ids", "1"],
  ]

  static var names: [String] { KelvinCommandLine.commands.map { $0.configuration.name } }

  @Test("each option appears in help with its default; names are unique", arguments: names)
  func helpShowsEveryOption(name: String) throws {
    let command = try #require(KelvinCommandLine.commands.first { $0.configuration.name == name })
    let help = KelvinCommandLine.run(["help", name], environment: ["COLUMNS": "1000"])
      .standardOutput
    let options = command.declaredOptions
    #expect(Set(options.map(\.name)).count == options.count, "duplicate names in \(name)")
    for option in options {
      let line = help.split(separator: "\n").first { $0.hasPrefix("  \(option.synopsis)") }
      #expect(line != nil, "\(name): \(option.synopsis) is not in help")
      if let defaultText = option.defaultText {
        #expect(
          line?.contains("default: \(defaultText.isEmpty ? "''" : defaultText)") == true,
          "\(name): \(option.flag) does not show its default '\(defaultText)'")
      }
      #expect(!(option.isRequired && option.defaultText != nil), "\(name): required with a default")
    }
  }

  @Test(
    "a value outside each option's declared range is refused, naming the option", arguments: names)
  func counterexamplesAreRefused(name: String) throws {
    let command = try #require(KelvinCommandLine.commands.first { $0.configuration.name == name })
    let base = Self.required[name] ?? []
    var checked = 0
    for option in command.declaredOptions {
      if option.isFlag {
        let outcome = KelvinCommandLine.run([name] + base + ["\(option.flag)=1"])
        #expect(outcome.exitCode == .usage)
        #expect(outcome.standardError.contains("takes no value"), "\(outcome.standardError)")
        continue
      }
      // Texts a model continues (a prompt, a constraint's prefix) or a tokenizer encodes may be
      // anything, the empty text included.
      let anyText =
        ["prompt", "prefix"].contains(option.name) || (name, option.name) == ("tokenize", "text")
      #expect(
        !option.counterexamples.isEmpty || anyText,
        "\(name): \(option.flag) declares no value it refuses")
      for text in option.counterexamples {
        var words = [name]
        if option.isPositional {
          words += [text] + base.dropFirst()
        } else {
          // The command's other required options, then the bad value.
          words += base + [option.flag, text]
        }
        let outcome = KelvinCommandLine.run(words)
        #expect(
          outcome.exitCode == .usage,
          "\(words) exited \(outcome.exitCode): \(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
        let first = outcome.standardError.split(separator: "\n").first ?? ""
        #expect(first.contains(option.flag), "\(words): \(first)")
        checked += 1
      }
    }
    #expect(checked > 0)
  }

  @Test("the options' defaults themselves parse: every command runs its help from defaults")
  func defaultsAreConsistent() {
    for name in Self.names {
      let outcome = KelvinCommandLine.run([name, "--help"])
      #expect(outcome.exitCode == .success && outcome.standardOutput.hasPrefix("OVERVIEW: "))
    }
  }
}
