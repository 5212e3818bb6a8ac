/// An error in a sampler chain's configuration or input, with a one-line message naming the
/// processor (or chain item) and the value.
public enum SamplingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A parameter outside its range: processor, parameter, value, and the rule.
  case invalidParameter(processor: String, parameter: String, value: String, rule: String)
  /// A chain item naming no known processor.
  case unknownProcessor(String)
  /// A parameter the processor does not have.
  case unknownParameter(processor: String, parameter: String)
  /// A chain item that is not `name`, `name=value` or `name(key=value,…)`.
  case malformedItem(String)
  /// A processor removed every candidate (every token banned).
  case noCandidates(after: String)
  /// A token id outside the vocabulary.
  case tokenOutOfRange(context: String, token: Int, vocabularySize: Int)

  /// A one-line message.
  public var description: String {
    switch self {
    case .invalidParameter(let processor, let parameter, let value, let rule):
      return "\(processor): \(parameter) must be \(rule), got \(value)"
    case .unknownProcessor(let name):
      let known = ProcessorCatalog.entries.map(\.name) + FinalChoice.allCases.map(\.rawValue)
      return "unknown processor '\(name)'; known: \(known.joined(separator: ", "))"
    case .unknownParameter(let processor, let parameter):
      return "\(processor) has no parameter '\(parameter)'"
    case .malformedItem(let item):
      return "malformed chain item '\(item)': write name, name=value or name(key=value,…)"
    case .noCandidates(let name):
      return "\(name) removed every candidate token"
    case .tokenOutOfRange(let context, let token, let vocabularySize):
      return "\(context): token \(token) is outside the vocabulary of \(vocabularySize) tokens"
    }
  }
}
