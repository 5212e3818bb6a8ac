/// A command's options as one typed value: a property per option, its initial value the
/// option's default, and a declaration per property.
///
/// ```swift
/// struct Options: CommandOptions {
///   var temperature = 1.0
///   var output: String?
///   static var declarations: [OptionDeclaration<Options>] {
///     [.option(\.temperature, "temperature", "T", help: "Temperature τ.", .temperature),
///      .option(\.output, "output", "OUT", help: "Write here.", .nonEmpty("a file path"))]
///   }
/// }
/// ```
public protocol CommandOptions {
  /// Every option at its default.
  init()
  /// The options, in the order help lists them.
  static var declarations: [OptionDeclaration<Self>] { get }
  /// Rules between options, checked after every value has been read.
  static var relations: [OptionRelation<Self>] { get }
  /// Further checks once every value is read and the relations hold (sizes whose product
  /// must fit, say).
  ///
  /// - Throws: ``CommandError`` (64) naming the options.
  func validate(given: GivenOptions<Self>) throws
}

extension CommandOptions {
  /// No relations.
  public static var relations: [OptionRelation<Self>] { [] }
  /// No further checks.
  public func validate(given: GivenOptions<Self>) throws {}

  /// The declaration of the option stored at `keyPath`.
  ///
  /// - Precondition: Some declaration stores at `keyPath`.
  public static func declaration(at keyPath: PartialKeyPath<Self>) -> OptionDeclaration<Self> {
    guard let declaration = declarations.first(where: { $0.keyPath == keyPath }) else {
      preconditionFailure("no option is declared at \(keyPath)")
    }
    return declaration
  }

  /// `--name` of the option stored at `keyPath`.
  public static func flag(_ keyPath: PartialKeyPath<Self>) -> String {
    declaration(at: keyPath).flag
  }
}

/// Which options the command line gave (as opposed to left at their defaults).
public struct GivenOptions<Options: CommandOptions> {
  let keyPaths: Set<PartialKeyPath<Options>>

  /// Whether the option stored at `keyPath` was given.
  public func contains(_ keyPath: PartialKeyPath<Options>) -> Bool { keyPaths.contains(keyPath) }

  /// Whether any option of a group embedded at `prefix` was given.
  public func containsAny(of keyPaths: [PartialKeyPath<Options>]) -> Bool {
    keyPaths.contains(where: contains)
  }
}

/// A rule between options of one command, declared beside the options and checked by the
/// parser with a message naming both flags.
public struct OptionRelation<Options: CommandOptions> {
  let check: (Options, GivenOptions<Options>) -> String?
  /// The rule in words, for help.
  public let summary: String

  /// `dependent` only makes sense with `anchor` given.
  public static func requires(
    _ dependent: PartialKeyPath<Options>, _ anchor: PartialKeyPath<Options>
  ) -> OptionRelation {
    let summary = "\(Options.flag(dependent)) applies only with \(Options.flag(anchor))"
    return OptionRelation(
      check: { _, given in given.contains(dependent) && !given.contains(anchor) ? summary : nil },
      summary: summary)
  }

  /// `dependent` cannot be used with `other`.
  public static func excludes(
    _ dependent: PartialKeyPath<Options>, _ other: PartialKeyPath<Options>,
    because reason: String? = nil
  ) -> OptionRelation {
    let summary =
      "give either \(Options.flag(dependent)) or \(Options.flag(other)), not both"
      + (reason.map { " (\($0))" } ?? "")
    return OptionRelation(
      check: { _, given in given.contains(dependent) && given.contains(other) ? summary : nil },
      summary: summary)
  }

  /// `dependent` cannot be used with any of `others` (a mode that ignores them).
  public static func excludesAll(
    _ dependent: PartialKeyPath<Options>, _ others: [PartialKeyPath<Options>],
    because reason: String
  ) -> OptionRelation {
    let summary =
      "\(Options.flag(dependent)) cannot be combined with \(others.map(Options.flag).joined(separator: ", ")) (\(reason))"
    return OptionRelation(
      check: { _, given in
        guard given.contains(dependent), let other = others.first(where: given.contains) else {
          return nil
        }
        return "\(Options.flag(other)) does not apply with \(Options.flag(dependent)) (\(reason))"
      }, summary: summary)
  }

  /// `dependent` applies only when the options meet `condition` (described as `what`).
  public static func appliesOnly(
    _ dependent: PartialKeyPath<Options>, when what: String,
    _ condition: @escaping (Options) -> Bool
  ) -> OptionRelation {
    let summary = "\(Options.flag(dependent)) applies only \(what)"
    return OptionRelation(
      check: { options, given in
        given.contains(dependent) && !condition(options) ? summary : nil
      }, summary: summary)
  }

  /// `first` and `second` are given together or not at all.
  public static func together(
    _ first: PartialKeyPath<Options>, _ second: PartialKeyPath<Options>
  ) -> OptionRelation {
    let summary = "\(Options.flag(first)) and \(Options.flag(second)) go together"
    return OptionRelation(
      check: { _, given in given.contains(first) != given.contains(second) ? summary : nil },
      summary: summary)
  }
}
