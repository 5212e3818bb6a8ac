import KelvinCore
import KelvinText

/// The chain item `constraint`: removes every token its ``TokenConstraint`` does not allow.
///
/// The item is written `constraint` in a chain specification, at the position the user
/// chooses; the constraint itself is bound in code (``SamplerChain/bind(_:)``) or by the CLI
/// (`--regex`, `--json-schema`). An unbound item is an error at the first step. Prompt tokens
/// do not advance the constraint: it constrains the generated text.
///
/// When the allowed set and the candidates that reach this item do not meet, the step fails
/// with ``SamplingError/emptyConstraint(constraint:step:)``, never an empty or NaN
/// distribution. Cost per step: O(V/64 + n) for n candidates when the item comes first (the
/// allowed tokens are gathered from the mask's set bits), O(n) otherwise.
public struct ConstraintProcessor: LogitsProcessor {
  /// The constraint, or `nil` for an item not yet bound.
  public var constraint: (any TokenConstraint)?
  /// The number of generated tokens accepted.
  public private(set) var step = 0

  /// An item applying `constraint` (`nil`: bound later).
  public init(_ constraint: (any TokenConstraint)? = nil) { self.constraint = constraint }

  /// `constraint`.
  public var specification: String { "constraint" }

  /// Removes the tokens the constraint does not allow.
  ///
  /// - Throws: ``SamplingError/unboundConstraint``; ``SamplingError/emptyConstraint(constraint:step:)``
  ///   when no candidate is allowed; ``SamplingError/tokenOutOfRange(context:token:vocabularySize:)``
  ///   when the constraint's vocabulary is not the model's.
  public func process(_ candidates: inout CandidateSet, context: inout SamplingContext) throws {
    guard let constraint else { throw SamplingError.unboundConstraint }
    guard constraint.vocabularySize == context.vocabularySize else {
      throw SamplingError.invalidParameter(
        processor: "constraint", parameter: "vocabulary size",
        value: String(constraint.vocabularySize),
        rule: "the model's vocabulary size, \(context.vocabularySize)")
    }
    candidates.retain(mask: constraint.allowedTokens)
    if candidates.count == 0 {
      throw SamplingError.emptyConstraint(constraint: constraint.name, step: step)
    }
  }

  /// Advances the constraint.
  public mutating func accept(_ token: Int) {
    constraint?.accept(token)
    step += 1
  }

  /// Prompt tokens are not constrained.
  public mutating func acceptPrompt(_ token: Int) {}

  /// Returns the constraint to its start.
  public mutating func reset() {
    constraint?.reset()
    step = 0
  }
}

extension ConstraintProcessor {
  /// `constraint` in the chain grammar: no parameters (the constraint is bound in code).
  static let form = SpecificationForm<any LogitsProcessor>(
    "constraint",
    summary: "keep the tokens a bound constraint allows (kelvin generate --regex, --json-schema)",
    parameters: []
  ) { _ in ConstraintProcessor() }
}

extension SamplerChain {
  /// Binds `constraint` to every `constraint` item of the chain, or, when there is none,
  /// puts one first (so every later processor works on the allowed tokens only).
  public mutating func bind(_ constraint: any TokenConstraint) {
    var bound = false
    for index in stages.indices where stages[index] is ConstraintProcessor {
      stages[index] = ConstraintProcessor(constraint)
      bound = true
    }
    if !bound { processors.insert(ConstraintProcessor(constraint), at: 0) }
  }

  /// The constraint of the chain's first `constraint` item, in its current state (after the
  /// tokens accepted so far), or `nil` when no item holds one.
  ///
  /// - Complexity: O(number of processors).
  public var boundConstraint: (any TokenConstraint)? {
    for stage in stages {
      if let item = stage as? ConstraintProcessor, let constraint = item.constraint {
        return constraint
      }
    }
    return nil
  }
}
