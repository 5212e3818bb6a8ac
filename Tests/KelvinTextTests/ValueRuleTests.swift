import KelvinCore
import KelvinText
import Testing

@Suite("value rules")
struct ValueRuleTests {
  /// Every rule kind with a text it accepts: each counterexample must be refused and the
  /// example accepted.
  static var rules: [(String, (String) throws -> Void, [String], String?)] {
    func entry<V>(_ name: String, _ rule: ValueRule<V>) -> (
      String, (String) throws -> Void, [String], String?
    ) {
      (name, { _ = try rule.parse($0) }, rule.counterexamples, rule.example)
    }
    return [
      entry("temperature", .temperature), entry("unit", .number(.unitInterval)),
      entry("positive", .number(.finiteAbove(0))), entry("finite", .number(.finite)),
      entry("half-open", .number(.halfOpen(0, 1))), entry("count", .integer(1...100)),
      entry("window", .integer(-1...Int.max)), entry("seed", .seed), entry("switch", .boolean),
      entry("path", .nonEmpty("a file path")),
      entry("choice", ValueRule<String>.choice([("table", "table"), ("json", "json")])),
      entry("list", .list(of: .temperature, count: 1...3)),
    ]
  }

  @Test("every rule refuses each of its counterexamples and accepts its example")
  func counterexamples() {
    for (name, parse, counterexamples, example) in Self.rules {
      #expect(!counterexamples.isEmpty, "\(name) has no counterexample")
      for text in counterexamples {
        #expect(throws: ValueRuleViolation.self, "\(name) accepted '\(text)'") { try parse(text) }
      }
      if let example {
        #expect(throws: Never.self, "\(name) refused its example '\(example)'") {
          try parse(example)
        }
      }
    }
  }

  @Test("ranges decide membership at their ends, and NaN is in none")
  func ranges() {
    #expect(NumberRange.temperature.contains(0) && NumberRange.temperature.contains(.infinity))
    #expect(!NumberRange.temperature.contains(-0.1) && !NumberRange.temperature.contains(.nan))
    #expect(NumberRange.finiteAbove(0).contains(1e-300) && !NumberRange.finiteAbove(0).contains(0))
    #expect(!NumberRange.finiteAbove(0).contains(.infinity))
    #expect(NumberRange.halfOpen(0, 1).contains(0) && !NumberRange.halfOpen(0, 1).contains(1))
    #expect(NumberRange.finiteOrNegativeInfinity.contains(-.infinity))
  }

  @Test(
    "messages name the subject, the rule and the text",
    arguments: [
      ("-1", "--temperature must be a number ≥ 0 (0 is greedy, inf is uniform), got '-1'"),
      (
        "1e400",
        "--temperature must be a number ≥ 0 (0 is greedy, inf is uniform), got '1e400' (beyond the range of a Double)"
      ),
      ("0x1p3", "--temperature must be a number ≥ 0 (0 is greedy, inf is uniform), got '0x1p3'"),
    ])
  func messages(text: String, message: String) {
    do {
      _ = try ValueRule.temperature.parse(text)
      Issue.record("accepted \(text)")
    } catch {
      #expect(error.message(subject: "--temperature") == message)
    }
  }

  @Test("list violations name the entry; counts are bounded")
  func lists() throws {
    let rule = ValueRule.list(of: .temperature, count: 1...3)
    #expect(try rule.parse("0.5, 1,inf") == [0.5, 1, .infinity])
    do {
      _ = try rule.parse("1,-1")
      Issue.record("accepted a negative entry")
    } catch {
      #expect(
        error.message(subject: "--temperatures").hasPrefix(
          "--temperatures: entry 2 must be a number ≥ 0"))
    }
    #expect(throws: ValueRuleViolation.self) { try rule.parse("1,2,3,4") }
    #expect(throws: ValueRuleViolation.self) { try rule.parse("1,,2") }
  }

  @Test("choices suggest the closest word")
  func choices() {
    let rule = ValueRule<String>.choice([("table", "table"), ("json", "json")])
    do {
      _ = try rule.parse("jsno")
      Issue.record("accepted jsno")
    } catch {
      #expect(
        error.message(subject: "--format")
          == "--format must be one of table, json, got 'jsno' (did you mean 'json'?)")
    }
  }

  @Test("what a rule reads back is what it spells")
  func roundTrip() throws {
    let list = ValueRule.list(of: .number(.finite), count: 1...10)
    let values = [0.1, -2.5e-7, 3]
    #expect(try list.parse(list.format(values)) == values)
    #expect(try ValueRule.seed.parse(ValueRule.seed.format(UInt64.max)) == UInt64.max)
  }

  @Test("did you mean: close names, unique prefixes, nothing for strangers")
  func suggestions() {
    let names = ["temperature", "top-k", "top-p", "min-p", "format"]
    #expect(ClosestName.suggestion(for: "temprature", among: names) == "temperature")
    #expect(ClosestName.suggestion(for: "top_k", among: names) == "top-k")
    #expect(ClosestName.suggestion(for: "temp", among: names) == "temperature")
    #expect(ClosestName.suggestion(for: "fromat", among: names) == "format")
    #expect(ClosestName.suggestion(for: "zzz", among: names) == nil)
  }
}
