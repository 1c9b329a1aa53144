import Foundation
import VendoCore
import VendoStore

extension Services {
    /// Creates a unit group with its base unit (quantity 1).
    public func createUnitGroup(name: String, baseUnit: String, by caller: Caller) async throws -> (UnitGroup, UnitOfMeasure) {
        try await write(as: caller) { tx in
            let group = try UnitGroup(id: newID(), info: newInfo(caller), name: name)
            let unit = try UnitOfMeasure(id: newID(), info: newInfo(caller), fields: UnitFields(name: baseUnit, groupId: group.id))
            try await insert(group, by: caller, in: tx)
            try await insert(unit, by: caller, in: tx)
            return (group, unit)
        }
    }

    public func createUnit(_ fields: UnitFields, by caller: Caller) async throws -> UnitOfMeasure {
        try await write(as: caller) { tx in
            let unit = try UnitOfMeasure(id: newID(), info: newInfo(caller), fields: fields)
            _ = try await reference(UnitGroup.self, fields.groupId, field: "groupId", in: tx)
            if try await tx.units(inGroup: fields.groupId).contains(where: { $0.fields.name.lowercased() == fields.name.lowercased() }) {
                throw ServiceError.invalid("name", "already_exists", "the group already has a unit named \(fields.name)")
            }
            try await insert(unit, by: caller, in: tx)
            return unit
        }
    }

    public func updateUnit(_ id: ID<UnitOfMeasure>, ifVersion: Int?, by caller: Caller,
                           _ edit: @escaping @Sendable (inout UnitFields) -> Void) async throws -> UnitOfMeasure {
        try await write(as: caller) { tx in
            try await change(UnitOfMeasure.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) {
                var fields = $0.fields
                edit(&fields)
                if fields.groupId != $0.fields.groupId {
                    throw ServiceError.invalid("groupId", "immutable", "a unit cannot move to another group")
                }
                try $0.update(fields)
            }
        }
    }

    public func deleteUnit(_ id: ID<UnitOfMeasure>, ifVersion: Int?, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            let unit = try await load(UnitOfMeasure.self, id, in: tx)
            try await remove(unit, ifVersion: ifVersion, by: caller, in: tx)
        }
    }

    // MARK: Tax rates

    public func createTaxRate(_ fields: TaxRateFields, by caller: Caller) async throws -> TaxRate {
        try await write(as: caller) { tx in
            let rate = try TaxRate(id: newID(), info: newInfo(caller), fields: fields)
            try await insert(rate, by: caller, in: tx)
            return rate
        }
    }

    public func updateTaxRate(_ id: ID<TaxRate>, ifVersion: Int?, by caller: Caller,
                              _ edit: @escaping @Sendable (inout TaxRateFields) -> Void) async throws -> TaxRate {
        try await write(as: caller) { tx in
            try await change(TaxRate.self, id, ifVersion: ifVersion, by: caller, action: "update", in: tx) {
                var fields = $0.fields
                edit(&fields)
                try $0.update(fields)
            }
        }
    }

    public func deleteTaxRate(_ id: ID<TaxRate>, ifVersion: Int?, by caller: Caller) async throws {
        try await write(as: caller) { tx in
            try await remove(try await load(TaxRate.self, id, in: tx), ifVersion: ifVersion, by: caller, in: tx)
        }
    }
}
