/// Parsing of policy lists such as
/// `boltzmann(tau=0.1),boltzmann(schedule=exp(1.0,0.995)),egreedy(0.1),ucb(2),gradient(0.1)`.
///
/// Policies: `boltzmann(tau=τ)` or `boltzmann(schedule=S)`, `egreedy(ε)` or
/// `egreedy(schedule=S)`, `ucb(c)`, `gradient(α)`. Schedules: `constant(τ)`,
/// `linear(start,end,steps)`, `exp(start,decay)`, `invlog(c)`, `cosine(start,end,steps)`,
/// `piecewise(step:τ,step:τ,…)`.
public enum PolicySpecification {
  /// An error naming the item.
  public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message.
    public let description: String
  }

  /// Parses a comma-separated list of policies.
  ///
  /// - Throws: ``ParseError`` naming the malformed item.
  public static func parse(_ text: String) throws -> [any BanditPolicy] {
    try split(text).map(policy)
  }

  /// Splits at commas outside parentheses.
  static func split(_ text: String) throws -> [String] {
    var items: [String] = []
    var current = ""
    var depth = 0
    for character in text {
      if character == "(" { depth += 1 }
      if character == ")" { depth -= 1 }
      if depth < 0 { throw ParseError(description: "unbalanced parentheses in '\(text)'") }
      if character == "," && depth == 0 {
        items.append(current)
        current = ""
      } else {
        current.append(character)
      }
    }
    guard depth == 0 else { throw ParseError(description: "unbalanced parentheses in '\(text)'") }
    items.append(current)
    let trimmed = items.map { $0.filter { $0 != " " } }
    guard !trimmed.contains(where: \.isEmpty) else {
      throw ParseError(description: "empty item in '\(text)'")
    }
    return trimmed
  }

  /// `name(arguments)` → name and the argument text.
  static func call(_ item: String) throws -> (String, String) {
    guard let open = item.firstIndex(of: "("), item.hasSuffix(")") else {
      throw ParseError(description: "'\(item)' is not name(arguments)")
    }
    return (
      String(item[..<open]),
      String(item[item.index(after: open)..<item.index(before: item.endIndex)])
    )
  }

  static func number(_ text: String, _ item: String) throws -> Double {
    guard let value = Double(text), value.isFinite else {
      throw ParseError(description: "'\(text)' in '\(item)' is not a number")
    }
    return value
  }

  static func policy(_ item: String) throws -> any BanditPolicy {
    let (name, arguments) = try call(item)
    let (key, value) =
      arguments.firstIndex(of: "=").map {
        (String(arguments[..<$0]), String(arguments[arguments.index(after: $0)...]))
      } ?? ("", arguments)
    switch (name, key) {
    case ("boltzmann", "tau"), ("boltzmann", ""):
      let tau = try number(value, item)
      guard tau >= 0 else { throw ParseError(description: "'\(item)': tau must be ≥ 0") }
      return BoltzmannPolicy(schedule: .constant(tau))
    case ("boltzmann", "schedule"): return BoltzmannPolicy(schedule: try schedule(value))
    case ("egreedy", ""), ("egreedy", "epsilon"):
      let epsilon = try number(value, item)
      guard (0...1).contains(epsilon) else {
        throw ParseError(description: "'\(item)': epsilon must lie in [0, 1]")
      }
      return EpsilonGreedyPolicy(epsilon: .constant(epsilon))
    case ("egreedy", "schedule"): return EpsilonGreedyPolicy(epsilon: try schedule(value))
    case ("ucb", ""), ("ucb", "c"):
      let c = try number(value, item)
      guard c >= 0 else { throw ParseError(description: "'\(item)': c must be ≥ 0") }
      return UCBPolicy(c: c)
    case ("gradient", ""), ("gradient", "alpha"):
      let alpha = try number(value, item)
      guard alpha > 0 else { throw ParseError(description: "'\(item)': alpha must be > 0") }
      return GradientBanditPolicy(alpha: alpha)
    default:
      throw ParseError(description: "unknown policy '\(item)' (boltzmann, egreedy, ucb, gradient)")
    }
  }

  /// Parses a schedule.
  ///
  /// - Throws: ``ParseError`` naming the schedule.
  public static func schedule(_ text: String) throws -> TemperatureSchedule {
    let (name, arguments) = try call(text)
    let parts = arguments.split(separator: ",").map(String.init)
    func numbers(_ count: Int) throws -> [Double] {
      guard parts.count == count else {
        throw ParseError(description: "'\(text)' needs \(count) arguments")
      }
      return try parts.map { try number($0, text) }
    }
    switch name {
    case "constant": return .constant(try numbers(1)[0])
    case "linear":
      let v = try numbers(3)
      return .linear(start: v[0], end: v[1], steps: Int(v[2]))
    case "exp":
      let v = try numbers(2)
      return .exponential(start: v[0], decay: v[1])
    case "invlog": return .inverseLog(try numbers(1)[0])
    case "cosine":
      let v = try numbers(3)
      return .cosine(start: v[0], end: v[1], steps: Int(v[2]))
    case "piecewise":
      let points = try parts.map { part -> (step: Int, temperature: Double) in
        let pieces = part.split(separator: ":").map(String.init)
        guard pieces.count == 2, let step = Int(pieces[0]) else {
          throw ParseError(description: "'\(part)' in '\(text)' is not step:temperature")
        }
        return (step, try number(pieces[1], text))
      }
      guard !points.isEmpty else { throw ParseError(description: "'\(text)' has no breakpoints") }
      return .piecewise(points.sorted { $0.step < $1.step })
    default:
      throw ParseError(
        description: "unknown schedule '\(text)' (constant, linear, exp, invlog, cosine, piecewise)"
      )
    }
  }
}
