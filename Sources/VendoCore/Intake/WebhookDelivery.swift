import Foundation

/// One row of the webhook outbox.
public struct WebhookDelivery: Sendable, Equatable {
    public enum Status: String, Sendable { case pending, delivered, failed }

    public var id: UUID
    public var webhookId: ID<Webhook>
    public var event: String
    /// The JSON body, exactly as it is signed and sent.
    public var payload: String
    public var status: Status
    public var attempts: Int
    public var createdAt: Date
    public var nextAttemptAt: Date
    public var lastAttemptAt: Date?
    public var lastStatusCode: Int?
    public var lastError: String?
    public var deliveredAt: Date?

    public init(id: UUID, webhookId: ID<Webhook>, event: String, payload: String, createdAt: Date) {
        self.id = id
        self.webhookId = webhookId
        self.event = event
        self.payload = payload
        status = .pending
        attempts = 0
        self.createdAt = createdAt
        nextAttemptAt = createdAt
    }
}
