import Kelvin

/// An error as the user sees it: its exit code, one line of text, or a JSON object.
struct ErrorReport {
  /// The error in the CLI's terms.
  let error: CommandError

  /// Maps any error to its exit code and message: ``CommandError`` as it is, file errors by
  /// their kind (66 missing, 65 malformed, 74 I/O), input-data errors of the library as 65.
  init(_ error: any Error) {
    switch error {
    case let error as CommandError: self.error = error
    case let error as KelvinIOError: self.error = CommandError(error)
    case let error as KelvinError: self.error = .data(error.description)
    case let error as SamplingError: self.error = .data(error.description)
    case let error as ExplorationError: self.error = .data(error.description)
    case let error as DistillationError: self.error = .data(error.description)
    case let error as SpecificationError: self.error = .usage(error.description)
    case let error as TokenizerError: self.error = .data(error.description)
    default: self.error = CommandError(.ioError, "\(error)")
    }
  }

  /// `Error: <message>`, with a pointer to the help for usage errors; control characters
  /// from input are escaped, so the message stays one visible line.
  func text(helpPointer: String?) -> String {
    "Error: \(PrintableText.line(error.message))" + (helpPointer.map { " (\($0))" } ?? "") + "\n"
  }

  /// `{"error":{"code":64,"message":"…","flag":"--temperature"}}`.
  ///
  /// - Throws: An `EncodingError`, which three plain members never raise.
  func json() throws -> String {
    let document = Document(
      error: Document.Body(
        code: Int(error.exitCode.rawValue), message: error.message, flag: error.flag))
    return try JSONNodeEncoder.encode(document).serialized + "\n"
  }
}

extension CommandError {
  /// The CLI form of a file error: 66 for a missing input, 65 for a malformed file, 74 for I/O.
  public init(_ error: KelvinIOError) {
    switch error.kind {
    case .missingInput: self.init(.noInput, error.description)
    case .malformed: self.init(.dataError, error.description)
    case .io: self.init(.ioError, error.description)
    }
  }
}

extension ErrorReport {
  /// `{"error":{"code":…,"message":…,"flag":…}}` (`flag` only when one option is at fault).
  struct Document: Encodable {
    /// The error itself.
    struct Body: Encodable {
      let code: Int
      let message: String
      let flag: String?
    }

    let error: Body
  }
}
