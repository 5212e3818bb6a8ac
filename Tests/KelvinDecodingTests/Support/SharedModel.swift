import KelvinDecoding
import Synchronization

/// The built-in model trained once per test process (training takes seconds in debug builds).
enum SharedModel {
  private static let cache = Mutex<BuiltInModel?>(nil)

  /// The built-in model at its default order (a copy: the model is a value).
  static func builtIn() throws -> BuiltInModel {
    try cache.withLock { cached in
      if let cached { return cached }
      let model = try BuiltInModel()
      cached = model
      return model
    }
  }
}
