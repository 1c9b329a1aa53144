/// The trade a lead's company is in. The built-in list is Dynamics 365's industry codes and
/// Salesforce's industry picklist together, each value once, so that a lead exported from
/// either system keeps its industry; the API names are the English labels in camel case.
public enum Industry: String, Codable, Sendable, CaseIterable {
    // Dynamics 365 (industrycode).
    case accounting, agricultureAndNonPetrolNaturalResourceExtraction, broadcastingPrintingAndPublishing, brokers
    case buildingSupplyRetail, businessServices, consulting, consumerServices, designDirectionAndCreativeManagement
    case distributorsDispatchersAndProcessors, doctorsOfficesAndClinics, durableManufacturing, eatingAndDrinkingPlaces
    case entertainmentRetail, equipmentRentalAndLeasing, financial, foodAndTobaccoProcessing, inboundCapitalIntensiveProcessing
    case inboundRepairAndServices, insurance, legalServices, nonDurableMerchandiseRetail, outboundConsumerService
    case petrochemicalExtractionAndDistribution, serviceRetail, sigAffiliations, socialServices, specialOutboundTradeContractors
    case specialtyRealty, transportation, utilityCreationAndDistribution, vehicleRetail, wholesale
    // Salesforce (Industry) where Dynamics has no such value.
    case agriculture, apparel, banking, biotechnology, chemicals, communications, construction, education, electronics, energy
    case engineering, entertainment, environmental, finance, foodAndBeverage, government, healthcare, hospitality, machinery
    case manufacturing, media, notForProfit, recreation, retail, shipping, technology, telecommunications, utilities, other
}
