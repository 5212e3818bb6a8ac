import KelvinCore

// MARK: - Numbers

extension ValueRule where Value == Double {
  /// A number in decimal or scientific notation (or `inf`, `-inf`, `nan`) within `range`.
  ///
  /// Hexadecimal spellings are refused, and a finite spelling too large for a `Double`
  /// (`1e400`) is refused rather than read as infinity.
  ///
  /// - Parameters:
  ///   - range: The accepted interval.
  ///   - note: What the ends mean, shown after the range (`0 is greedy, inf is uniform`).
  public static func number(_ range: NumberRange, note: String? = nil) -> ValueRule<Double> {
    let requirement = "a number \(range.phrase)" + (note.map { " (\($0))" } ?? "")
    return ValueRule(
      requirement: requirement,
      counterexamples: ["abc", "0x10", "1e400", ""] + range.counterexamples,
      example: NumberFormatting.shortest(range.sample),
      bounds: range.phrase.replacingPrefix("that is ") + (note.map { "; \($0)" } ?? ""),
      read: { text in
        let value: Double
        do throws(DecimalText.Failure) {
          value = try DecimalText.double(text)
        } catch .outOfRange {
          throw ValueRuleViolation(
            requirement: requirement, text: text, reason: "beyond the range of a Double")
        } catch {
          throw ValueRuleViolation(requirement: requirement, text: text)
        }
        guard range.contains(value) else {
          throw ValueRuleViolation(requirement: requirement, text: text)
        }
        return value
      }, spell: NumberFormatting.shortest)
  }

  /// Any number, `nan` and `±inf` included (for data, whose own checks decide what is valid).
  public static let anyNumber = ValueRule(
    requirement: "a number", counterexamples: ["abc", "0x10", "1e400", ""], example: "1",
    read: { text in
      do throws(DecimalText.Failure) {
        return try DecimalText.double(text)
      } catch {
        throw ValueRuleViolation(
          requirement: "a number", text: text,
          reason: error == .outOfRange ? "beyond the range of a Double" : nil)
      }
    }, spell: NumberFormatting.shortest)

  /// A temperature τ ≥ 0: `0` is the greedy limit, `inf` the uniform one.
  public static let temperature = ValueRule.number(
    .temperature, note: "0 is greedy, inf is uniform")
}

// MARK: - Whole numbers

extension ValueRule where Value == Int {
  /// A whole number in decimal digits within `range`; `1e3`, `1.0` and `0x10` are refused.
  ///
  /// - Parameters:
  ///   - range: The accepted values.
  ///   - note: What special values mean (`0 disables`, `-1 is the whole history`).
  public static func integer(_ range: ClosedRange<Int>, note: String? = nil) -> ValueRule<Int> {
    let bounds: String
    switch (range.lowerBound == Int.min, range.upperBound == Int.max) {
    case (true, true): bounds = ""
    case (false, true): bounds = " ≥ \(range.lowerBound)"
    case (true, false): bounds = " ≤ \(range.upperBound)"
    case (false, false): bounds = " from \(range.lowerBound) to \(range.upperBound)"
    }
    let requirement = "a whole number\(bounds)" + (note.map { " (\($0))" } ?? "")
    let short =
      bounds.isEmpty
      ? nil : bounds.replacingPrefix(" from ").replacingPrefix(" ") + (note.map { "; \($0)" } ?? "")
    var counterexamples = ["1e3", "1.5", "0x10", "abc", "", "99999999999999999999"]
    if range.lowerBound > Int.min { counterexamples.append(String(range.lowerBound - 1)) }
    if range.upperBound < Int.max { counterexamples.append(String(range.upperBound + 1)) }
    return ValueRule(
      requirement: requirement, counterexamples: counterexamples,
      example: String(range.lowerBound == Int.min ? 0 : range.lowerBound), bounds: short,
      read: { text in
        let value: Int
        do throws(DecimalText.Failure) {
          value = try DecimalText.integer(text)
        } catch .outOfRange {
          throw ValueRuleViolation(
            requirement: requirement, text: text, reason: "beyond the range of a 64-bit integer")
        } catch {
          throw ValueRuleViolation(requirement: requirement, text: text)
        }
        guard range.contains(value) else {
          throw ValueRuleViolation(requirement: requirement, text: text)
        }
        return value
      }, spell: { String($0) })
  }
}

extension ValueRule where Value == UInt64 {
  /// A seed: a whole number from 0 to 2⁶⁴ − 1.
  public static let seed = ValueRule(
    requirement: "a whole number from 0 to 18446744073709551615",
    counterexamples: ["-1", "1e3", "0x10", "", "18446744073709551616"], example: "0",
    bounds: "0 to 18446744073709551615",
    read: { text in
      do {
        return try DecimalText.unsigned(text)
      } catch {
        throw ValueRuleViolation(
          requirement: "a whole number from 0 to 18446744073709551615", text: text)
      }
    }, spell: { String($0) })
}

// MARK: - Words and texts

extension ValueRule where Value == Bool {
  /// A switch: `1`, `true` or `yes`; `0`, `false` or `no` (any case).
  public static let boolean = ValueRule(
    requirement: "0 or 1", counterexamples: ["2", "maybe", ""], choices: ["0", "1"],
    example: "1",
    read: { text in
      switch DecimalText.trimmed(text).lowercased() {
      case "1", "true", "yes": return true
      case "0", "false", "no": return false
      default: throw ValueRuleViolation(requirement: "0 or 1", text: text)
      }
    }, spell: { $0 ? "1" : "0" })
}

extension ValueRule where Value == String {
  /// Any text that is not empty (a path, a name, a stop string).
  ///
  /// - Parameter what: What the text is, for the requirement (`a file path`).
  public static func nonEmpty(_ what: String) -> ValueRule<String> {
    let requirement = "\(what) (not empty)"
    return ValueRule(
      requirement: requirement, counterexamples: [""], example: "x",
      read: { text in
        guard !text.isEmpty else { throw ValueRuleViolation(requirement: requirement, text: text) }
        return text
      }, spell: { $0 })
  }

  /// Any text, the empty one included.
  public static let anyText = ValueRule(
    requirement: "any text", counterexamples: [], example: "x", read: { $0 }, spell: { $0 })
}

extension ValueRule where Value: Equatable & Sendable {
  /// One of a fixed set of words, each standing for a value.
  ///
  /// - Parameter words: The words in the order help lists them, with their values.
  public static func choice(_ words: [(String, Value)]) -> ValueRule<Value> {
    let names = words.map(\.0)
    let requirement = "one of \(names.joined(separator: ", "))"
    let table = words.map { Choice(word: $0.0, value: $0.1) }
    return ValueRule(
      requirement: requirement, counterexamples: ["bogus", ""], choices: names,
      example: names.first,
      read: { text in
        guard let match = table.first(where: { $0.word == text }) else {
          let suggestion = ClosestName.suggestion(for: text, among: names)
          throw ValueRuleViolation(
            requirement: requirement, text: text,
            reason: suggestion.map { "did you mean '\($0)'?" })
        }
        return match.value
      },
      spell: { value in table.first { $0.value == value }?.word ?? "" })
  }
}

/// A word and the value it stands for.
struct Choice<Value: Sendable>: Sendable {
  let word: String
  let value: Value
}

extension ValueRule
where
  Value: CaseIterable & RawRepresentable & Sendable & Equatable,
  Value.RawValue == String
{
  /// One of an enumeration's raw values.
  public static func choice(_ type: Value.Type = Value.self) -> ValueRule<Value> {
    choice(Value.allCases.map { ($0.rawValue, $0) })
  }
}

// MARK: - Lists

extension ValueRule {
  /// A list separated by `separator`, each entry read by `element`.
  ///
  /// - Parameters:
  ///   - element: The rule of each entry.
  ///   - count: How many entries are allowed.
  ///   - separator: The separator (`,`).
  /// - Returns: A rule whose violations name the offending entry (`entry 2 must be …`).
  public static func list<Element>(
    of element: ValueRule<Element>, count: ClosedRange<Int>, separator: Character = ","
  ) -> ValueRule<[Element]> where Value == [Element] {
    let most = count.upperBound == Int.max ? "" : ", at most \(count.upperBound)"
    let least = count.lowerBound > 1 ? "\(count.lowerBound) or more " : ""
    let requirement =
      "a '\(separator)'-separated list of \(least)entries\(most), each \(element.requirement)"
    var counterexamples = [""] + element.counterexamples.filter { !$0.isEmpty }
    if let sample = element.example, count.upperBound < 10_000 {
      counterexamples.append(
        Array(repeating: sample, count: count.upperBound + 1).joined(separator: String(separator)))
    }
    return ValueRule<[Element]>(
      requirement: requirement, counterexamples: counterexamples,
      example: element.example,
      read: { text in
        guard !DecimalText.trimmed(text).isEmpty else {
          throw ValueRuleViolation(requirement: requirement, text: text, reason: "an empty list")
        }
        let entries = text.split(separator: separator, omittingEmptySubsequences: false)
        guard count.contains(entries.count) else {
          throw ValueRuleViolation(
            requirement: requirement, text: text.count > 60 ? "\(text.prefix(57))..." : text,
            reason: "\(entries.count) entries")
        }
        return try entries.enumerated().map { position, entry in
          do throws(ValueRuleViolation) {
            return try element.parse(String(entry))
          } catch {
            var violation = error
            violation.entry = position + 1
            throw violation
          }
        }
      }, spell: { values in values.map(element.format).joined(separator: String(separator)) })
  }
}

extension String {
  func replacingPrefix(_ prefix: String) -> String {
    hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
  }
}
