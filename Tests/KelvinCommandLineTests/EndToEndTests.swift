import Foundation
import Testing

/// Runs the built `kelvin` executable as a user would: exit status, stdout and stderr.
@Suite("kelvin executable, end to end")
struct EndToEndTests {
  @Test("the napkin sketch runs and prints the three temperatures and both limits")
  func sketch() throws {
    let result = try runExecutable(["sketch"])
    #expect(result.status == 0)
    #expect(result.standardError.isEmpty)
    for title in ["τ = 0.5", "τ = 1", "τ = 2", "τ → 0", "τ → ∞"] {
      #expect(result.standardOutput.contains(title))
    }
  }

  @Test(
    "JSON on stdout parses",
    arguments: [
      ["sketch", "--format", "json"],
      ["softmax", "--logits", "2,1,0.5,0.1", "--temperature", "0.7", "--format", "json"],
      ["thermo", "--energies", "0,1,1,2", "--kT", "0.5", "--format", "json"],
    ])
  func jsonParses(arguments: [String]) throws {
    let result = try runExecutable(arguments)
    #expect(result.status == 0)
    _ = try parseJSON(result.standardOutput)
  }

  @Test(
    "help and version exit 0",
    arguments: [[], ["--help"], ["help", "thermo"], ["softmax", "-h"], ["--version"]])
  func help(arguments: [String]) throws {
    let result = try runExecutable(arguments)
    #expect(result.status == 0)
    #expect(!result.standardOutput.isEmpty)
  }

  @Test(
    "every bad input gets its exit code, one error line naming it, and empty stdout",
    arguments: [
      (["softmax", "--logits", "1,nan"], 65, "logits[1] is nan"),
      (["softmax", "--logits", "1,inf"], 65, "logits[1] is inf"),
      (["softmax", "--logits", "-inf,-inf"], 65, "all 2 logits are -inf"),
      (
        ["softmax", "--logits", "1,2", "--temperature", "-1"], 64,
        "--temperature must be a number ≥ 0"
      ),
      (
        ["softmax", "--logits", "1,2", "--temperature", "nan"], 64,
        "--temperature must be a number ≥ 0"
      ),
      (
        ["softmax", "--logits", "1,2", "--temperature", "warm"], 64,
        "--temperature must be a number ≥ 0 (0 is greedy, inf is uniform), got 'warm'"
      ),
      (["softmax"], 64, "missing input: give --logits <values> or --input <FILE>"),
      (["softmax", "--logits", "1,abc"], 64, "--logits: entry 2 must be a number, got 'abc'"),
      (
        ["softmax", "--logits", "1", "--format", "xml"], 64,
        "--format must be one of table, json, got 'xml'"
      ),
      (["softmax", "--logits", "1", "--bogus"], 64, "unknown option '--bogus'"),
      (
        ["thermo", "--energies", "0,1", "--kT", "0"], 64,
        "--kT must be a number > 0 and finite, got '0'"
      ),
      (["thermo", "--energies", "0,-inf"], 65, "energies[1] is -inf"),
      (["thermo", "--energies", "inf,inf"], 65, "all 2 energies are inf"),
      (["thermo", "--energies", "0,nan"], 65, "energies[1] is nan"),
      (["sketch", "--temperatures", "1,-1"], 64, "--temperatures: entry 2 must be a number ≥ 0"),
      (["frobnicate"], 64, "unknown subcommand 'frobnicate'"),
    ])
  func badInput(arguments: [String], status: Int32, message: String) throws {
    let result = try runExecutable(arguments)
    #expect(result.status == status)
    #expect(result.standardOutput.isEmpty)
    let lines = result.standardError.split(separator: "\n")
    #expect(lines.first?.hasPrefix("Error: ") == true)
    #expect(lines.first?.contains(message) == true)
    #expect(lines.count == 1)
    if status == 64 { #expect(lines.first?.hasSuffix("--help')") == true) }
  }
}
