/// A first-come, first-served lock for async code: SQLite allows one writer at a time, and
/// queuing writers here (instead of letting SQLite answer SQLITE_BUSY) keeps every caller waiting
/// its turn. A waiter may give up after a while: a request that cannot get the writer in time
/// answers "busy, try again" rather than hang behind a long transaction.
actor AsyncLock {
    private var locked = false
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Bool, Never>)] = []
    private var lastWaiter: UInt64 = 0

    /// Takes the lock; false when `timeout` passed first, and then the caller does not hold it.
    func lock(timeout: Duration? = nil) async -> Bool {
        if !locked {
            locked = true
            return true
        }
        lastWaiter += 1
        let id = lastWaiter
        guard let timeout else { return await withCheckedContinuation { waiters.append((id, $0)) } }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.giveUp(id)
        }
        let granted = await withCheckedContinuation { waiters.append((id, $0)) }
        timer.cancel()
        return granted
    }

    private func giveUp(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: false)
    }

    func unlock() {
        if waiters.isEmpty {
            locked = false
        } else {
            waiters.removeFirst().continuation.resume(returning: true)
        }
    }

    /// Runs `body` holding the lock; throws `StoreError.unavailable` when the lock was not free
    /// within `timeout`.
    func withLock<T: Sendable>(timeout: Duration? = nil, _ body: @Sendable () async throws -> T) async throws -> T {
        guard await lock(timeout: timeout) else {
            throw StoreError.unavailable("the database is busy with a long change; try again in a moment")
        }
        do {
            let result = try await body()
            unlock()
            return result
        } catch {
            unlock()
            throw error
        }
    }
}
