import Foundation
import VendoCore
import VendoStore

extension Services {
    /// An order made directly, with prices unlocked (catalog lines follow the price list).
    public func createOrder(_ fields: OrderFields, customer: Customer, currency: String? = nil, priceListId: ID<PriceList>? = nil,
                            by caller: Caller) async throws -> Order {
        try await write(as: caller) { tx in
            try await checkCustomer(customer, in: tx)
            if let contact = fields.contactId { _ = try await reference(Contact.self, contact, field: "contactId", in: tx) }
            let pricing = try await newPricing(currency: currency, priceList: priceListId, in: tx)
            let order = try Order(id: newID(), info: newInfo(caller), number: String(format: "ORD-%06d", try await tx.nextNumber("order")),
                                  customer: customer, fields: fields, pricing: pricing, pricesLocked: false)
            return try await insert(order, by: caller, in: tx, requiring: true)
        }
    }

    /// Changes an active order's fields, currency and header amounts in one transaction.
    public func updateOrder(_ id: ID<Order>, ifVersion: Int?, by caller: Caller, pricing: PricingEdit = PricingEdit(),
                            _ edit: @escaping @Sendable (inout OrderFields) -> Void) async throws -> Order {
        try await write(as: caller) { tx in
            try await change(Order.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) { order in
                var fields = order.fields
                edit(&fields)
                if fields != order.fields {
                    try order.ensure(.update)
                    if let contact = fields.contactId { _ = try await reference(Contact.self, contact, field: "contactId", in: tx) }
                    try order.update(fields)
                }
                try await apply(pricing, to: &order, in: tx)
            }
        }
    }

    public func setOrderStatus(_ id: ID<Order>, to status: OrderStatus, ifVersion: Int?, by caller: Caller) async throws -> Order {
        try await write(as: caller) { tx in
            try await change(Order.self, id, ifVersion: ifVersion, by: caller, action: "changeStatus", in: tx) {
                try $0.changeStatus(to: status)
            }
        }
    }

    public func fulfillOrder(_ id: ID<Order>, as status: OrderStatus, details: CloseDetails = CloseDetails(), ifVersion: Int?,
                             by caller: Caller) async throws -> Order {
        try await write(as: caller) { tx in
            try await change(Order.self, id, ifVersion: ifVersion, by: caller, action: "fulfill", in: tx) { order in
                try order.fulfill(as: status)
                try await addCloseRecord(for: order, status: status.rawValue, details: details, closeDate: details.closeDate ?? today,
                                         revenue: nil, competitor: nil, by: caller, in: tx)
            }
        }
    }

    public func cancelOrder(_ id: ID<Order>, details: CloseDetails = CloseDetails(), ifVersion: Int?, by caller: Caller) async throws -> Order {
        try await write(as: caller) { tx in
            try await change(Order.self, id, ifVersion: ifVersion, by: caller, action: "cancel", in: tx) { order in
                try order.cancel()
                try await addCloseRecord(for: order, status: "noMoney", details: details, closeDate: details.closeDate ?? today,
                                         revenue: nil, competitor: nil, by: caller, in: tx)
            }
        }
    }

    public func lockOrderPricing(_ id: ID<Order>, ifVersion: Int?, by caller: Caller) async throws -> Order {
        try await write(as: caller) { tx in
            try await change(Order.self, id, ifVersion: ifVersion, by: caller, action: "lockPricing", in: tx) { try $0.lockPricing() }
        }
    }

    /// Unlocks prices and reprices every catalog line from the price list in force today;
    /// overridden prices and write-in lines keep their price.
    public func useCurrentPricing(_ id: ID<Order>, ifVersion: Int?, by caller: Caller) async throws -> Order {
        try await write(as: caller) { tx in
            try await change(Order.self, id, ifVersion: ifVersion, by: caller, action: "useCurrentPricing", in: tx) { order in
                try order.unlockPricing()
                if let listId = order.pricing.fields.priceListId {
                    try await load(PriceList.self, listId, in: tx).ensureInForce(on: today)
                }
                let context = try await amountsContext(currency: order.pricing.currency, in: tx)
                var lines: [DocumentLine] = []
                for (index, old) in order.pricing.lines.enumerated() {
                    guard !old.isWriteIn else {
                        lines.append(old)
                        continue
                    }
                    var fields = old.fields
                    fields.pricePerUnit = old.priceOverridden ? old.pricePerUnit : nil
                    do {
                        var line = try await priceLine(fields, id: old.id, on: order.pricing, in: tx)
                        line.sourceLineId = old.sourceLineId
                        line.invoiced = old.invoiced
                        lines.append(line)
                    } catch ServiceError.validation(let errors) {
                        throw ServiceError.validation(errors.map { FieldError("lines[\(index)].\($0.field)", $0.code, $0.message) })
                    }
                }
                try order.reprice(context) { $0.lines = lines }
            }
        }
    }

    public func deleteOrder(_ id: ID<Order>, ifVersion: Int?, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            let order = try await load(Order.self, id, in: tx)
            try order.ensureDeletable()
            if !(try await tx.invoices(ofOrder: id)).isEmpty {
                throw ServiceError.conflict(code: "order_invoiced", message: "an order with invoices cannot be deleted", related: [])
            }
            try await remove(order, ifVersion: ifVersion, by: caller, in: tx)
        }
    }
}
