/// The post-processor of a `tokenizer.json` (`processors/*.rs` of `tokenizers`), for one
/// sequence: the special tokens it puts around the ids.
enum PostProcessor: Sendable {
  /// `TemplateProcessing` (its `single` template), `BertProcessing` and
  /// `RobertaProcessing`: these ids before and after.
  case template(before: [Int32], after: [Int32])
  /// `ByteLevel` (offsets only), or none.
  case none
  /// `Sequence`: each in turn.
  case sequence([PostProcessor])

  /// `ids` with the special tokens added.
  func apply(to ids: [Int32]) -> [Int32] {
    switch self {
    case .template(let before, let after): return before + ids + after
    case .none: return ids
    case .sequence(let steps): return steps.reduce(ids) { $1.apply(to: $0) }
    }
  }
}
