import Kelvin

extension ConstrainCommand {
  /// `kelvin constrain --format json`: the index and the tokens allowed after the prefix.
  struct Document: Encodable {
    /// One allowed token.
    struct Token: Encodable {
      let id: Int
      let token: String
    }

    let pattern: String
    let vocabularySize: Int
    let dfaStates: Int
    let distinctMasks: Int
    let indexBytes: Int
    let indexMilliseconds: Double
    let prefix: String
    let complete: Bool
    let allowedCount: Int
    let allowed: [Token]

    enum CodingKeys: String, CodingKey {
      case pattern
      case vocabularySize = "vocabulary_size"
      case dfaStates = "dfa_states"
      case distinctMasks = "distinct_masks"
      case indexBytes = "index_bytes"
      case indexMilliseconds = "index_milliseconds"
      case prefix, complete
      case allowedCount = "allowed_count"
      case allowed
    }
  }
}
