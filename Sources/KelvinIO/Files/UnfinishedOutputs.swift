/// The temporary files of the outputs in progress, so that an interrupted run can remove them.
final class UnfinishedOutputs: @unchecked Sendable {
  static let shared = UnfinishedOutputs()

  private let lock = SystemLock()
  private var paths = Set<String>()

  func add(_ path: String) { lock.withLock { _ = paths.insert(path) } }

  func remove(_ path: String) { lock.withLock { _ = paths.remove(path) } }

  /// Unlinks every temporary file still registered.
  func removeAll() {
    lock.withLock {
      for path in paths { SystemCalls.unlink(path) }
      paths.removeAll()
    }
  }
}
