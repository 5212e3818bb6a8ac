import KelvinCore
import KelvinText

/// An error in a sampler chain's configuration or input, with a one-line message naming the
/// processor (or chain item) and the value.
public enum SamplingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A parameter outside its range: processor, parameter, value, and the rule.
  case invalidParameter(processor: String, parameter: String, value: String, rule: String)
  /// A chain specification that does not parse, names an unknown processor or parameter, or
  /// gives a value outside its range; the error names the item.
  case invalidSpecification(SpecificationError)
  /// A processor removed every candidate (every token banned).
  case noCandidates(after: String)
  /// A token id outside the vocabulary.
  case tokenOutOfRange(context: String, token: Int, vocabularySize: Int)
  /// A constraint allowed none of the candidates at this step (generated tokens so far).
  case emptyConstraint(constraint: String, step: Int)
  /// A `constraint` chain item with no constraint bound to it.
  case unboundConstraint

  /// A one-line message.
  public var description: String {
    switch self {
    case .invalidParameter(let processor, let parameter, let value, let rule):
      return "\(processor): \(parameter) must be \(rule), got \(value)"
    case .invalidSpecification(let error):
      return error.description
    case .noCandidates(let name):
      return "\(name) removed every candidate token"
    case .tokenOutOfRange(let context, let token, let vocabularySize):
      return "\(context): token \(token) is outside the vocabulary of \(vocabularySize) tokens"
    case .emptyConstraint(let constraint, let step):
      return
        "constraint \(constraint) allows none of the candidate tokens at step \(step) (\(step) tokens generated)"
    case .unboundConstraint:
      return
        "constraint: no constraint is bound to this chain item (kelvin generate binds one with --regex or --json-schema)"
    }
  }
}
