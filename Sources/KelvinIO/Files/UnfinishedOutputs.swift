import Synchronization

/// The temporary files of the outputs in progress, so that an interrupted run can remove them.
final class UnfinishedOutputs: Sendable {
  static let shared = UnfinishedOutputs()

  private let paths = Mutex(Set<String>())

  func add(_ path: String) { paths.withLock { _ = $0.insert(path) } }

  func remove(_ path: String) { paths.withLock { _ = $0.remove(path) } }

  /// Unlinks every temporary file still registered.
  func removeAll() {
    paths.withLock { paths in
      for path in paths { SystemCalls.unlink(path) }
      paths.removeAll()
    }
  }
}
