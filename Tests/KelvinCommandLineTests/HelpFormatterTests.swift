import Foundation
import KelvinCommandLine
import Testing

@Suite("help formatter")
struct HelpFormatterTests {
  @Test("help lists every option with its range and default, the rules and the examples")
  func helpText() {
    let help = HelpFormatter(width: 200).help(for: DemoCommand.self)
    #expect(help.hasPrefix("OVERVIEW: A demo.\n"))
    #expect(help.contains("ARGUMENTS:\n  <FILE>"))
    #expect(help.contains("--temperature <T>"))
    #expect(help.contains("τ (≥ 0; 0 is greedy, inf is uniform; default: 1)."))
    #expect(help.contains("How many (1 to 5; default: 3)."))
    #expect(help.contains("-h, --help"))
    #expect(help.contains("RULES:\n  --log applies only with --output"))
    #expect(help.contains("EXAMPLES:\n  kelvin demo --logits 1,2"))
  }

  @Test("usage shows every option when it fits, else the required ones and [<options>]")
  func usageCollapses() {
    let wide = HelpFormatter(width: 200).usage(for: DemoCommand.self)
    #expect(wide.hasPrefix("kelvin demo <FILE> [--temperature <T>] --logits <L> [--count <N>]"))
    let narrow = HelpFormatter(width: 60).usage(for: DemoCommand.self)
    #expect(narrow == "kelvin demo <FILE> --logits <L> [<options>]")
  }

  @Test("every line fits the width, from COLUMNS or 80", arguments: [40, 60, 80, 120])
  func fitsTheWidth(width: Int) {
    for command in KelvinCommandLine.commands {
      let text = KelvinCommandLine.run(
        ["help", command.configuration.name], environment: ["COLUMNS": String(width)]
      ).standardOutput
      let body = text.components(separatedBy: "\nEXAMPLES:\n")[0]
      for line in body.split(separator: "\n") {
        // A single word longer than the width (a long example value) may stand alone.
        let words = line.split(separator: " ")
        #expect(
          line.count <= width || words.count == 1,
          "\(command.configuration.name) at \(width): \(line)")
      }
    }
    #expect(HelpFormatter.width(environment: [:]) == 80)
    #expect(HelpFormatter.width(environment: ["COLUMNS": "abc"]) == 80)
    #expect(HelpFormatter.width(environment: ["COLUMNS": "10"]) == 40)
  }
}
