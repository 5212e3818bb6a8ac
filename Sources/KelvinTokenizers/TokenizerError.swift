/// Errors of the tokenizer layer, each with a one-line message that names the file, the place
/// in it (a JSON path such as `model.merges[17]`) and the value.
public enum TokenizerError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A `tokenizer.json` that is not what it must be: the file, the JSON path, what is wrong.
  case malformed(file: String, at: String, String)
  /// A `tokenizer.json` component Kelvin does not implement: the file, the JSON path, what.
  case unsupported(file: String, at: String, String)
  /// A pattern outside the supported syntax, or one too costly to run.
  case pattern(String, String)
  /// A token id outside the vocabulary, or an id no token has.
  case unknownToken(Int, vocabularySize: Int)
  /// A resource of the package is missing or damaged.
  case resourceMissing(String)

  /// A one-line message.
  public var description: String {
    switch self {
    case .malformed(let file, let at, let message):
      return "\(file): \(at.isEmpty ? "" : "\(at): ")\(message)"
    case .unsupported(let file, let at, let message):
      return "\(file): \(at.isEmpty ? "" : "\(at): ")\(message) is not supported"
    case .pattern(let pattern, let message):
      return "the pattern \(pattern.debugDescription): \(message)"
    case .unknownToken(let id, let size):
      return "token \(id) is not in the vocabulary (\(size) ids)"
    case .resourceMissing(let name):
      return "the package resource \(name) is missing: reinstall Kelvin"
    }
  }
}
