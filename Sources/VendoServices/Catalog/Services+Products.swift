import Foundation
import VendoCore
import VendoStore

extension Services {
    /// Creates a product, active unless the organisation creates products as drafts.
    public func createProduct(_ fields: ProductFields, by caller: Caller) async throws -> Product {
        try await write(as: caller) { tx in
            let product = try await newProduct(fields, asDraft: try await settings(in: tx).createProductsAsDrafts, by: caller, in: tx)
            return try await insert(product, by: caller, in: tx, requiring: true)
        }
    }

    /// A new product with a known unit and a number no other product has, not yet saved.
    func newProduct(_ fields: ProductFields, asDraft: Bool, by caller: Caller, in tx: Transaction) async throws -> Product {
        let product = try Product(id: newID(), info: newInfo(caller), fields: fields, asDraft: asDraft)
        _ = try await reference(UnitOfMeasure.self, fields.unitId, field: "unitId", in: tx)
        try await ensureNumberFree(fields.number, for: nil, in: tx)
        return product
    }

    private func ensureNumberFree(_ number: String, for id: ID<Product>?, in tx: Transaction) async throws {
        if let other = try await tx.product(withNumber: number), other.id != id {
            throw ServiceError.conflict(code: "already_exists", message: "another product has the number \(number)",
                                        related: [other.id.description])
        }
    }

    public func updateProduct(_ id: ID<Product>, ifVersion: Int?, by caller: Caller,
                              _ edit: @escaping @Sendable (inout ProductFields) -> Void) async throws -> Product {
        try await write(as: caller) { tx in
            try await change(Product.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) {
                var fields = $0.fields
                edit(&fields)
                if fields.number.lowercased() != $0.fields.number.lowercased() {
                    try await ensureNumberFree(fields.number, for: $0.id, in: tx)
                }
                if fields.unitId != $0.fields.unitId {
                    let old = try await load(UnitOfMeasure.self, $0.fields.unitId, in: tx)
                    let new = try await reference(UnitOfMeasure.self, fields.unitId, field: "unitId", in: tx)
                    if old.fields.groupId != new.fields.groupId {
                        throw ServiceError.invalid("unitId", "other_group", "the default unit must stay in the product's unit group")
                    }
                }
                try $0.update(fields)
            }
        }
    }

    public func publishProduct(_ id: ID<Product>, ifVersion: Int?, by caller: Caller) async throws -> Product {
        try await write(as: caller) { tx in
            try await change(Product.self, id, ifVersion: ifVersion, by: caller, action: "publish", in: tx) { try $0.publish() }
        }
    }

    public func reviseProduct(_ id: ID<Product>, ifVersion: Int?, by caller: Caller) async throws -> Product {
        try await write(as: caller) { tx in
            try await change(Product.self, id, ifVersion: ifVersion, by: caller, action: "revise", in: tx) { try $0.revise() }
        }
    }

    public func retireProduct(_ id: ID<Product>, ifVersion: Int?, by caller: Caller) async throws -> Product {
        try await write(as: caller) { tx in
            try await change(Product.self, id, ifVersion: ifVersion, by: caller, action: "retire", in: tx) { try $0.retire() }
        }
    }

    /// Deletes a product that no price list item uses; products sold on documents stay (retire them).
    public func deleteProduct(_ id: ID<Product>, ifVersion: Int?, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            let product = try await load(Product.self, id, in: tx)
            try await ensureUnreferenced(product, in: tx)
            if product.state != .draft {
                throw ServiceError.conflict(code: "not_draft", message: "only draft products are deleted; retire the others", related: [])
            }
            try await remove(product, ifVersion: ifVersion, by: caller, in: tx)
        }
    }
}
