import Foundation
import Testing

/// The invocations that once crashed, were silently accepted or blamed the wrong flag, run
/// through the built executable: each is now one error line naming the flag or item, with
/// its exit code, and nothing on stdout.
@Suite("hostile and mistaken invocations")
struct InvocationTableTests {
  @Test(
    "each is an exit-64/65 error with one line naming the flag or the item",
    arguments: [
      // Crashes: Int(Double) on user input, and sizes nothing checked.
      (
        ["bandit", "--policies", "boltzmann(schedule=linear(1,0,1e300))"], 64,
        "--policies: linear(1,0,1e300): steps must be a whole number from 1 to 2147483647, got '1e300'"
      ),
      (
        ["synth", "--vocab", "10000000000", "--output", "x.npy"], 64,
        "--vocab must be a whole number from 1 to 16777216, got '10000000000'"
      ),
      (
        ["bench", "--vocab", "10000000000"], 64, "--vocab must be a whole number from 1 to 16777216"
      ),
      (
        ["bench", "--batch", "10000000000", "--vocab", "10"], 64,
        "--batch must be a whole number from 1 to 65536"
      ),
      (
        ["bench", "--batch", "65536", "--vocab", "128256"], 64,
        "--batch 65536 × --vocab 128256 is 8405385216 values; the limit is 268435456"
      ),
      (["bandit", "--arms", "10000000000"], 64, "--arms must be a whole number from 1 to 100000"),
      (
        ["bandit", "--steps", "10000000000"], 64, "--steps must be a whole number from 1 to 1000000"
      ),
      (
        ["bandit", "--runs", "1000000", "--steps", "1000000"], 64,
        "--runs 1000000 × --steps 1000000 is 1000000000000 run-steps; the limit is 2147483648"
      ),
      (
        ["calibrate", "--input", "v.npy", "--labels", "y.npy", "--bins", "10000000000"], 64,
        "--bins must be a whole number from 1 to 10000"
      ),
      (
        ["calibrate", "--bins", "100000000"], 64,
        "--bins must be a whole number from 1 to 10000, got '100000000'"
      ),
      (
        ["synth", "--rows", "16777216", "--vocab", "16777216", "--output", "x.npy"], 64,
        "the limit is 4294967296"
      ),
      (
        [
          "sample", "--logits", "1,2", "--count", "1000000", "--top-logprobs", "1000", "--format",
          "json",
        ], 64, "alternatives; the limit is 10000000"
      ),
      // Bad values that were accepted.
      (
        ["process", "--logits", "1,2", "--chain", "typical_p=-3"], 64,
        "--chain: typical_p=-3: p must be a number in [0, 1]"
      ),
      (
        ["process", "--logits", "1,2", "--chain", "min_p=1.5"], 64,
        "--chain: min_p=1.5: p must be a number in [0, 1]"
      ),
      (
        ["process", "--logits", "1,2", "--chain", "top_p=1.5"], 64,
        "--chain: top_p=1.5: p must be a number in [0, 1]"
      ),
      (
        ["process", "--logits", "1,2", "--top-k", "-5"], 64,
        "--top-k must be a whole number from 0 to 2147483647 (0 disables), got '-5'"
      ),
      (
        ["process", "--logits", "1,2", "--chain", "mirostat(tau=-1)"], 64,
        "--chain: mirostat(tau=-1): tau must be a number ≥ 0 and finite"
      ),
      (
        ["bandit", "--policies", "boltzmann(schedule=linear(1,-1,2))"], 64,
        "--policies: linear(1,-1,2): end must be a number ≥ 0 and finite, got '-1'"
      ),
      (
        ["softmax", "--logits", "1,2", "--temperature", "1e400"], 64,
        "--temperature must be a number ≥ 0 (0 is greedy, inf is uniform), got '1e400' (beyond the range of a Double)"
      ),
      (
        ["softmax", "--logits", "1,2", "--temperature", "0x1p3"], 64,
        "--temperature must be a number ≥ 0 (0 is greedy, inf is uniform), got '0x1p3'"
      ),
      (["softmax", "--logits", "0x10,2"], 64, "--logits: entry 1 must be a number, got '0x10'"),
      (
        ["sample", "--logits", "1,2", "--count", "1e3"], 64,
        "--count must be a whole number from 1 to 1000000, got '1e3'"
      ),
      (
        ["generate", "--temperatures", "0.5", "--beam", "2"], 64,
        "--temperatures does not apply with --beam"
      ),
      (["generate", "--stop", ""], 64, "--stop must be a stop text (not empty), got ''"),
      (
        ["generate", "--beam", "2", "--chain", "top_k=3"], 64, "--chain does not apply with --beam"
      ),
      (
        ["generate", "--temperatures", "0.5", "--temperature", "2"], 64,
        "--temperature does not apply with --temperatures"
      ),
      (
        ["bench", "--op", "greedy", "--temperature", "1"], 64,
        "--temperature does not apply to --op greedy"
      ),
      (
        ["bench", "--chain", "greedy", "--op", "softmax"], 64,
        "give either --op or --chain, not both"
      ),
      (
        ["bench", "--op", "constraint", "--batch", "2"], 64,
        "--batch does not apply to --op constraint"
      ),
      (
        ["bench", "--op", "constraint", "--vocab", "100"], 64,
        "--op constraint needs --vocab ≥ 257 (every byte and an end of sequence), got 100"
      ),
      // Messages that named the wrong thing or were garbled.
      (
        ["process", "--logits", "1,2", "--chain", "dist;top_k=1"], 64,
        "--chain: dist: dist chooses the token, so it must be the last item of the chain"
      ),
      (["generate", "--temperature", "-1"], 64, "--temperature must be a number ≥ 0"),
      (["help", "softmax", "extra"], 64, "unexpected argument 'extra'"),
      (["softmax", "--logits", "1,2", "extra"], 64, "unexpected argument 'extra'"),
      (
        ["softmax", "--logits", "1", "--temprature", "2"], 64,
        "unknown option '--temprature' (did you mean '--temperature'?)"
      ),
      (["softmx"], 64, "unknown subcommand 'softmx' (did you mean 'softmax'?)"),
      (
        ["process", "--logits", "1,2", "--chain", "top_pp=0.9"], 64,
        "unknown processor 'top_pp' (did you mean 'top_p'?)"
      ),
      (["calibrate", "--logits", "v.npy"], 64, "unknown option '--logits'"),
      (["--version", "extra"], 64, "--version takes no arguments"),
      // Data errors stay data errors.
      (["softmax", "--logits", "1,nan"], 65, "--logits: logits[1] is nan"),
      (
        ["bandit", "--policies", "gradient(1e308)", "--runs", "10", "--steps", "100"], 65,
        "gradient(1e+308) diverged at step"
      ),
    ])
  func refused(arguments: [String], status: Int32, message: String) throws {
    let result = try runExecutable(arguments)
    #expect(result.status == status, "\(arguments): \(result.standardError)")
    #expect(result.standardOutput.isEmpty)
    let lines = result.standardError.split(separator: "\n")
    #expect(lines.count == 1, "\(result.standardError)")
    if arguments.contains("json") {
      let error = try parseJSON(result.standardError)["error"] as? [String: Any]
      #expect((error?["message"] as? String)?.contains(message) == true, "\(result.standardError)")
    } else {
      #expect(lines.first?.hasPrefix("Error: ") == true)
      #expect(lines.first?.contains(message) == true, "\(lines.first ?? "")")
    }
  }

  @Test("what used to be refused or ignored now works as documented")
  func accepted() throws {
    for arguments in [
      ["softmax", "--logits", "1,2", "--"],
      [
        "bandit", "--policies", "boltzmann(tau=inf),boltzmann(temperature=0)", "--runs", "5",
        "--steps", "5",
      ],
      [
        "process", "--logits", "1,2", "--chain",
        "temperature(t=0.5);dynamic_temperature(temperature=1)",
      ],
      ["perplexity", "--text", "And God said"],
    ] {
      let result = try runExecutable(arguments)
      #expect(result.status == 0, "\(arguments): \(result.standardError)")
    }
  }

  @Test("under --format json an error is one JSON object on stderr, with the exit code")
  func jsonErrors() throws {
    let result = try runExecutable([
      "softmax", "--logits", "1,2", "--temperature", "-1", "--format", "json",
    ])
    #expect(result.status == 64)
    #expect(result.standardOutput.isEmpty)
    let object = try parseJSON(result.standardError)
    let error = try #require(object["error"] as? [String: Any])
    #expect(error["code"] as? Int == 64)
    #expect(error["flag"] as? String == "--temperature")
    #expect((error["message"] as? String)?.hasPrefix("--temperature must be a number ≥ 0") == true)
    let data = try runExecutable(["softmax", "--logits", "1,nan", "--format", "json"])
    #expect(data.status == 65)
    let dataError = try #require(try parseJSON(data.standardError)["error"] as? [String: Any])
    #expect(dataError["code"] as? Int == 65 && dataError["flag"] == nil)
  }
}

/// Bytes from input that reach a message are escaped: no message can clear the screen,
/// colour it or forge a line.
@Suite("control bytes in messages")
struct ControlBytesTests {
  @Test(
    "every path that quotes input escapes ESC, newlines and C1 controls",
    arguments: [
      ["softmax", "--logits", "1,\u{1B}[2J"], ["softmax", "--logits", "1", "--\u{1B}[31mx", "1"],
      ["process", "--logits", "1,2", "--chain", "top_k=\u{1B}[2J"],
      ["process", "--logits", "1,2", "--chain", "\u{1B}x"],
      ["bandit", "--policies", "ucb(\u{9B}2J)"],
      ["generate", "--corpus", "a\u{1B}[2J\nError: fake.txt"],
      ["softmax", "--input", "no\u{1B}[2Jsuch.npy"], ["inspect", "x\u{1B}.npy"],
      ["softmax", "--logits", "1", "--format", "j\u{1B}son"], ["\u{1B}[2J"],
    ])
  func escaped(arguments: [String]) throws {
    let result = try runExecutable(arguments)
    #expect(result.status != 0)
    #expect(!result.standardError.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{9B}" })
    #expect(result.standardError.split(separator: "\n").count == 1, "\(result.standardError)")
    #expect(result.standardError.contains("\\x1b") || result.standardError.contains("\\u{9b}"))
  }

  @Test(
    "a written path with ESC and a newline is named escaped on one line",
    arguments: [
      ["synth", "--rows", "2", "--vocab", "3"],
      ["softmax", "--logits", "1,2,3"],
    ])
  func writtenPath(arguments: [String]) throws {
    let scratch = try Scratch()
    let path = scratch.path("a\u{1B}[2J\nb.npy")
    let result = try runExecutable(arguments + ["--output", path])
    #expect(result.status == 0, "\(result.standardError)")
    #expect(FileManager.default.fileExists(atPath: path))
    #expect(!result.standardOutput.unicodeScalars.contains("\u{1B}"))
    #expect(result.standardOutput.split(separator: "\n").count == 1, "\(result.standardOutput)")
    #expect(result.standardOutput.contains("a\\x1b[2J\\nb.npy"))
  }

  @Test("a dtype from a file with a control character is printed escaped")
  func fileFields() throws {
    let result = try runExecutable(["inspect", fixture("hostile/dtype_escape.npy")])
    #expect(result.status == 65)
    #expect(result.standardError.contains("unsupported dtype '<\\x0c4'"))
  }
}
