/**
 * The subset of Shopify's Admin GraphQL 2026-07 schema that the simulator serves.
 *
 * Every type, field, argument and enum value here carries the same name and type as in the real
 * schema (test/sandbox/simulator/schema.test.ts checks this against ../shared), so a document that
 * validates here validates against Shopify too. Descriptions are left out on purpose; interfaces
 * other than Node/DisplayableError are dropped.
 */
export const SIMULATOR_SDL = /* GraphQL */ `
  schema {
    query: QueryRoot
    mutation: Mutation
  }

  scalar DateTime
  scalar Decimal
  scalar JSON
  scalar Money
  scalar URL
  scalar UnsignedInt64

  interface Node {
    id: ID!
  }

  interface DisplayableError {
    field: [String!]
    message: String!
  }

  type QueryRoot {
    fulfillment(id: ID!): Fulfillment
    fulfillmentOrder(id: ID!): FulfillmentOrder
    inventoryItem(id: ID!): InventoryItem
    location(id: ID): Location
    locations(
      first: Int
      after: String
      last: Int
      before: String
      reverse: Boolean = false
      sortKey: LocationSortKeys = NAME
      query: String
      includeLegacy: Boolean = false
      includeInactive: Boolean = false
    ): LocationConnection!
    node(id: ID!): Node
    nodes(ids: [ID!]!): [Node]!
    order(id: ID!): Order
    orders(
      first: Int
      after: String
      last: Int
      before: String
      reverse: Boolean = false
      sortKey: OrderSortKeys = PROCESSED_AT
      query: String
    ): OrderConnection!
    shop: Shop!
  }

  type Mutation {
    fulfillmentCreate(fulfillment: FulfillmentInput!, message: String): FulfillmentCreatePayload
    fulfillmentOrderMove(
      id: ID!
      newLocationId: ID!
      fulfillmentOrderLineItems: [FulfillmentOrderLineItemInput!]
    ): FulfillmentOrderMovePayload
    fulfillmentTrackingInfoUpdate(
      fulfillmentId: ID!
      trackingInfoInput: FulfillmentTrackingInput!
      notifyCustomer: Boolean
    ): FulfillmentTrackingInfoUpdatePayload
    flowTriggerReceive(handle: String, payload: JSON): FlowTriggerReceivePayload
  }

  type Shop implements Node {
    currencyCode: CurrencyCode!
    email: String!
    id: ID!
    myshopifyDomain: String!
    name: String!
  }

  type PageInfo {
    endCursor: String
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
  }

  type Count {
    count: Int!
    precision: CountPrecision!
  }

  type MoneyBag {
    presentmentMoney: MoneyV2!
    shopMoney: MoneyV2!
  }

  type MoneyV2 {
    amount: Decimal!
    currencyCode: CurrencyCode!
  }

  type Order implements Node {
    cancelReason: OrderCancelReason
    cancelledAt: DateTime
    closed: Boolean!
    closedAt: DateTime
    createdAt: DateTime!
    currencyCode: CurrencyCode!
    customer: Customer
    displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
    email: String
    fulfillable: Boolean!
    fulfillmentOrders(
      displayable: Boolean = false
      first: Int
      after: String
      last: Int
      before: String
      reverse: Boolean = false
      query: String
    ): FulfillmentOrderConnection!
    fulfillments(first: Int, query: String): [Fulfillment!]!
    id: ID!
    legacyResourceId: UnsignedInt64!
    lineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): LineItemConnection!
    name: String!
    note: String
    phone: String
    processedAt: DateTime!
    shippingAddress: MailingAddress
    tags: [String!]!
    test: Boolean!
    totalPriceSet: MoneyBag!
    updatedAt: DateTime!
  }

  type OrderConnection {
    edges: [OrderEdge!]!
    nodes: [Order!]!
    pageInfo: PageInfo!
  }

  type OrderEdge {
    cursor: String!
    node: Order!
  }

  type MailingAddress implements Node {
    address1: String
    address2: String
    city: String
    company: String
    coordinatesValidated: Boolean!
    country: String
    countryCode: String
    countryCodeV2: CountryCode
    firstName: String
    id: ID!
    lastName: String
    latitude: Float
    longitude: Float
    name: String
    phone: String
    province: String
    provinceCode: String
    zip: String
  }

  type Customer implements Node {
    displayName: String!
    email: String
    firstName: String
    id: ID!
    lastName: String
    tags: [String!]!
  }

  type LineItem implements Node {
    currentQuantity: Int!
    fulfillableQuantity: Int!
    id: ID!
    isGiftCard: Boolean!
    name: String!
    originalUnitPriceSet: MoneyBag!
    product: Product
    quantity: Int!
    requiresShipping: Boolean!
    sku: String
    title: String!
    unfulfilledQuantity: Int!
    variant: ProductVariant
    variantTitle: String
    vendor: String
  }

  type LineItemConnection {
    edges: [LineItemEdge!]!
    nodes: [LineItem!]!
    pageInfo: PageInfo!
  }

  type LineItemEdge {
    cursor: String!
    node: LineItem!
  }

  type Product implements Node {
    handle: String!
    id: ID!
    productType: String!
    tags: [String!]!
    title: String!
    vendor: String!
  }

  type ProductVariant implements Node {
    displayName: String!
    id: ID!
    inventoryItem: InventoryItem!
    product: Product!
    sku: String
    title: String!
  }

  type InventoryItem implements Node {
    id: ID!
    inventoryLevel(locationId: ID!, includeInactive: Boolean = false): InventoryLevel
    inventoryLevels(
      includeInactive: Boolean = false
      first: Int
      after: String
      last: Int
      before: String
      reverse: Boolean = false
      query: String
    ): InventoryLevelConnection!
    legacyResourceId: UnsignedInt64!
    requiresShipping: Boolean!
    sku: String
    tracked: Boolean!
  }

  type InventoryLevel implements Node {
    id: ID!
    isActive: Boolean!
    item: InventoryItem!
    location: Location!
    quantities(names: [String!]!): [InventoryQuantity!]!
    updatedAt: DateTime!
  }

  type InventoryLevelConnection {
    edges: [InventoryLevelEdge!]!
    nodes: [InventoryLevel!]!
    pageInfo: PageInfo!
  }

  type InventoryLevelEdge {
    cursor: String!
    node: InventoryLevel!
  }

  type InventoryQuantity implements Node {
    id: ID!
    name: String!
    quantity: Int!
    updatedAt: DateTime
  }

  type Location implements Node {
    address: LocationAddress!
    createdAt: DateTime!
    fulfillsOnlineOrders: Boolean!
    hasActiveInventory: Boolean!
    id: ID!
    inventoryLevel(inventoryItemId: ID!, includeInactive: Boolean = false): InventoryLevel
    inventoryLevels(
      includeInactive: Boolean = false
      first: Int
      after: String
      last: Int
      before: String
      reverse: Boolean = false
      query: String
    ): InventoryLevelConnection!
    isActive: Boolean!
    isFulfillmentService: Boolean!
    legacyResourceId: UnsignedInt64!
    name: String!
    shipsInventory: Boolean!
    updatedAt: DateTime!
  }

  type LocationAddress {
    address1: String
    address2: String
    city: String
    country: String
    countryCode: String
    formatted: [String!]!
    latitude: Float
    longitude: Float
    phone: String
    province: String
    provinceCode: String
    zip: String
  }

  type LocationConnection {
    edges: [LocationEdge!]!
    nodes: [Location!]!
    pageInfo: PageInfo!
  }

  type LocationEdge {
    cursor: String!
    node: Location!
  }

  type FulfillmentOrder implements Node {
    assignedLocation: FulfillmentOrderAssignedLocation!
    createdAt: DateTime!
    deliveryMethod: DeliveryMethod
    fulfillAt: DateTime
    fulfillBy: DateTime
    fulfillmentHolds: [FulfillmentHold!]!
    fulfillments(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): FulfillmentConnection!
    id: ID!
    lineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): FulfillmentOrderLineItemConnection!
    locationsForMove(
      lineItemIds: [ID!] = []
      query: String
      locationIds: [ID!]
      first: Int
      after: String
      last: Int
      before: String
      reverse: Boolean = false
    ): FulfillmentOrderLocationForMoveConnection!
    order: Order!
    orderId: ID!
    orderName: String!
    orderProcessedAt: DateTime!
    requestStatus: FulfillmentOrderRequestStatus!
    status: FulfillmentOrderStatus!
    supportedActions: [FulfillmentOrderSupportedAction!]!
    updatedAt: DateTime!
  }

  type FulfillmentOrderConnection {
    edges: [FulfillmentOrderEdge!]!
    nodes: [FulfillmentOrder!]!
    pageInfo: PageInfo!
  }

  type FulfillmentOrderEdge {
    cursor: String!
    node: FulfillmentOrder!
  }

  type FulfillmentOrderAssignedLocation {
    address1: String
    address2: String
    city: String
    countryCode: CountryCode!
    location: Location
    name: String!
    phone: String
    province: String
    zip: String
  }

  type DeliveryMethod implements Node {
    id: ID!
    methodType: DeliveryMethodType!
    presentedName: String
    serviceCode: String
  }

  type FulfillmentHold implements Node {
    displayReason: String!
    handle: String
    heldByRequestingApp: Boolean!
    id: ID!
    reason: FulfillmentHoldReason!
    reasonNotes: String
  }

  type FulfillmentOrderSupportedAction {
    action: FulfillmentOrderAction!
    externalUrl: URL
  }

  type FulfillmentOrderLineItem implements Node {
    id: ID!
    inventoryItemId: ID
    lineItem: LineItem!
    productTitle: String!
    remainingQuantity: Int!
    requiresShipping: Boolean!
    sku: String
    totalQuantity: Int!
    variant: ProductVariant
    variantTitle: String
    vendor: String
  }

  type FulfillmentOrderLineItemConnection {
    edges: [FulfillmentOrderLineItemEdge!]!
    nodes: [FulfillmentOrderLineItem!]!
    pageInfo: PageInfo!
  }

  type FulfillmentOrderLineItemEdge {
    cursor: String!
    node: FulfillmentOrderLineItem!
  }

  type FulfillmentOrderLocationForMove {
    availableLineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): FulfillmentOrderLineItemConnection!
    availableLineItemsCount: Count
    location: Location!
    message: String
    movable: Boolean!
    unavailableLineItems(
      first: Int
      after: String
      last: Int
      before: String
      reverse: Boolean = false
    ): FulfillmentOrderLineItemConnection!
    unavailableLineItemsCount: Count
  }

  type FulfillmentOrderLocationForMoveConnection {
    edges: [FulfillmentOrderLocationForMoveEdge!]!
    nodes: [FulfillmentOrderLocationForMove!]!
    pageInfo: PageInfo!
  }

  type FulfillmentOrderLocationForMoveEdge {
    cursor: String!
    node: FulfillmentOrderLocationForMove!
  }

  type Fulfillment implements Node {
    createdAt: DateTime!
    deliveredAt: DateTime
    displayStatus: FulfillmentDisplayStatus
    estimatedDeliveryAt: DateTime
    fulfillmentLineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): FulfillmentLineItemConnection!
    fulfillmentOrders(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): FulfillmentOrderConnection!
    id: ID!
    inTransitAt: DateTime
    legacyResourceId: UnsignedInt64!
    location: Location
    name: String!
    order: Order!
    requiresShipping: Boolean!
    status: FulfillmentStatus!
    totalQuantity: Int!
    trackingInfo(first: Int): [FulfillmentTrackingInfo!]!
    updatedAt: DateTime!
  }

  type FulfillmentConnection {
    edges: [FulfillmentEdge!]!
    nodes: [Fulfillment!]!
    pageInfo: PageInfo!
  }

  type FulfillmentEdge {
    cursor: String!
    node: Fulfillment!
  }

  type FulfillmentLineItem implements Node {
    id: ID!
    lineItem: LineItem!
    quantity: Int
  }

  type FulfillmentLineItemConnection {
    edges: [FulfillmentLineItemEdge!]!
    nodes: [FulfillmentLineItem!]!
    pageInfo: PageInfo!
  }

  type FulfillmentLineItemEdge {
    cursor: String!
    node: FulfillmentLineItem!
  }

  type FulfillmentTrackingInfo {
    company: String
    number: String
    url: URL
  }

  input FulfillmentInput {
    trackingInfo: FulfillmentTrackingInput
    notifyCustomer: Boolean = false
    lineItemsByFulfillmentOrder: [FulfillmentOrderLineItemsInput!]!
  }

  input FulfillmentTrackingInput {
    number: String
    url: URL
    company: String
    numbers: [String!]
    urls: [URL!]
  }

  input FulfillmentOrderLineItemsInput {
    fulfillmentOrderId: ID!
    fulfillmentOrderLineItems: [FulfillmentOrderLineItemInput!]
  }

  input FulfillmentOrderLineItemInput {
    id: ID!
    quantity: Int!
  }

  type FulfillmentCreatePayload {
    fulfillment: Fulfillment
    userErrors: [UserError!]!
  }

  type FulfillmentTrackingInfoUpdatePayload {
    fulfillment: Fulfillment
    userErrors: [UserError!]!
  }

  type FulfillmentOrderMovePayload {
    movedFulfillmentOrder: FulfillmentOrder
    originalFulfillmentOrder: FulfillmentOrder
    remainingFulfillmentOrder: FulfillmentOrder
    userErrors: [FulfillmentOrderMoveFulfillmentOrderMoveUserError!]!
  }

  type FlowTriggerReceivePayload {
    userErrors: [UserError!]!
  }

  type UserError implements DisplayableError {
    field: [String!]
    message: String!
  }

  type FulfillmentOrderMoveFulfillmentOrderMoveUserError implements DisplayableError {
    code: FulfillmentOrderMoveFulfillmentOrderMoveUserErrorCode
    field: [String!]
    message: String!
  }

  enum FulfillmentOrderMoveFulfillmentOrderMoveUserErrorCode {
    CANNOT_MOVE_FULFILLMENT_ORDER_WITH_REPORTED_PROGRESS
  }

  enum FulfillmentOrderStatus {
    OPEN
    IN_PROGRESS
    CANCELLED
    INCOMPLETE
    CLOSED
    SCHEDULED
    ON_HOLD
  }

  enum FulfillmentOrderRequestStatus {
    UNSUBMITTED
    SUBMITTED
    ACCEPTED
    REJECTED
    CANCELLATION_REQUESTED
    CANCELLATION_ACCEPTED
    CANCELLATION_REJECTED
    CLOSED
  }

  enum FulfillmentOrderAction {
    CREATE_FULFILLMENT
    REQUEST_FULFILLMENT
    CANCEL_FULFILLMENT_ORDER
    MOVE
    REQUEST_CANCELLATION
    MARK_AS_OPEN
    RELEASE_HOLD
    HOLD
    EXTERNAL
    SPLIT
    MERGE
    REPORT_PROGRESS
  }

  enum FulfillmentStatus {
    PENDING
    OPEN
    SUCCESS
    CANCELLED
    ERROR
    FAILURE
  }

  enum FulfillmentDisplayStatus {
    ATTEMPTED_DELIVERY
    CANCELED
    CONFIRMED
    DELAYED
    DELIVERED
    FAILURE
    FULFILLED
    CARRIER_PICKED_UP
    IN_TRANSIT
    LABEL_PRINTED
    LABEL_PURCHASED
    LABEL_VOIDED
    MARKED_AS_FULFILLED
    NOT_DELIVERED
    OUT_FOR_DELIVERY
    READY_FOR_PICKUP
    PICKED_UP
    SUBMITTED
  }

  enum OrderDisplayFulfillmentStatus {
    UNFULFILLED
    PARTIALLY_FULFILLED
    FULFILLED
    RESTOCKED
    PENDING_FULFILLMENT
    OPEN
    IN_PROGRESS
    ON_HOLD
    SCHEDULED
    REQUEST_DECLINED
  }

  enum FulfillmentHoldReason {
    AWAITING_PAYMENT
    HIGH_RISK_OF_FRAUD
    INCORRECT_ADDRESS
    INVENTORY_OUT_OF_STOCK
    UNKNOWN_DELIVERY_DATE
    ONLINE_STORE_POST_PURCHASE_CROSS_SELL
    AWAITING_RETURN_ITEMS
    OTHER
  }

  enum DeliveryMethodType {
    SHIPPING
    PICK_UP
    NONE
    RETAIL
    LOCAL
    PICKUP_POINT
  }

  enum LocationSortKeys {
    ID
    NAME
    RELEVANCE
  }

  enum OrderSortKeys {
    CREATED_AT
    ID
    ORDER_NUMBER
    PROCESSED_AT
    UPDATED_AT
  }

  enum CountPrecision {
    EXACT
    AT_LEAST
  }

  enum OrderCancelReason {
    CUSTOMER
    DECLINED
    FRAUD
    INVENTORY
    STAFF
    OTHER
  }

  enum CountryCode {
    AF
    AX
    AL
    DZ
    AD
    AO
    AI
    AG
    AR
    AM
    AW
    AC
    AU
    AT
    AZ
    BS
    BH
    BD
    BB
    BY
    BE
    BZ
    BJ
    BM
    BT
    BO
    BA
    BW
    BV
    BR
    IO
    BN
    BG
    BF
    BI
    KH
    CA
    CV
    BQ
    KY
    CF
    TD
    CL
    CN
    CX
    CC
    CO
    KM
    CG
    CD
    CK
    CR
    HR
    CU
    CW
    CY
    CZ
    CI
    DK
    DJ
    DM
    DO
    EC
    EG
    SV
    GQ
    ER
    EE
    SZ
    ET
    FK
    FO
    FJ
    FI
    FR
    GF
    PF
    TF
    GA
    GM
    GE
    DE
    GH
    GI
    GR
    GL
    GD
    GP
    GT
    GG
    GN
    GW
    GY
    HT
    HM
    VA
    HN
    HK
    HU
    IS
    IN
    ID
    IR
    IQ
    IE
    IM
    IL
    IT
    JM
    JP
    JE
    JO
    KZ
    KE
    KI
    KP
    XK
    KW
    KG
    LA
    LV
    LB
    LS
    LR
    LY
    LI
    LT
    LU
    MO
    MG
    MW
    MY
    MV
    ML
    MT
    MQ
    MR
    MU
    YT
    MX
    MD
    MC
    MN
    ME
    MS
    MA
    MZ
    MM
    NA
    NR
    NP
    NL
    AN
    NC
    NZ
    NI
    NE
    NG
    NU
    NF
    MK
    NO
    OM
    PK
    PS
    PA
    PG
    PY
    PE
    PH
    PN
    PL
    PT
    QA
    CM
    RE
    RO
    RU
    RW
    BL
    SH
    KN
    LC
    MF
    PM
    WS
    SM
    ST
    SA
    SN
    RS
    SC
    SL
    SG
    SX
    SK
    SI
    SB
    SO
    ZA
    GS
    KR
    SS
    ES
    LK
    VC
    SD
    SR
    SJ
    SE
    CH
    SY
    TW
    TJ
    TZ
    TH
    TL
    TG
    TK
    TO
    TT
    TA
    TN
    TR
    TM
    TC
    TV
    UG
    UA
    AE
    GB
    US
    UM
    UY
    UZ
    VU
    VE
    VN
    VG
    WF
    EH
    YE
    ZM
    ZW
    ZZ
  }
  enum CurrencyCode {
    USD
    EUR
    GBP
    CAD
    AFN
    ALL
    DZD
    AOA
    ARS
    AMD
    AWG
    AUD
    BBD
    AZN
    BDT
    BSD
    BHD
    BIF
    BYN
    BZD
    BMD
    BTN
    BAM
    BRL
    BOB
    BWP
    BND
    BGN
    MMK
    KHR
    CVE
    KYD
    XAF
    CLP
    CNY
    COP
    KMF
    CDF
    CRC
    HRK
    CZK
    DKK
    DJF
    DOP
    XCD
    EGP
    ERN
    ETB
    FKP
    XPF
    FJD
    GIP
    GMD
    GHS
    GTQ
    GYD
    GEL
    GNF
    HTG
    HNL
    HKD
    HUF
    ISK
    INR
    IDR
    ILS
    IRR
    IQD
    JMD
    JPY
    JEP
    JOD
    KZT
    KES
    KID
    KWD
    KGS
    LAK
    LVL
    LBP
    LSL
    LRD
    LYD
    LTL
    MGA
    MKD
    MOP
    MWK
    MVR
    MRU
    MXN
    MYR
    MUR
    MDL
    MAD
    MNT
    MZN
    NAD
    NPR
    ANG
    NZD
    NIO
    NGN
    NOK
    OMR
    PAB
    PKR
    PGK
    PYG
    PEN
    PHP
    PLN
    QAR
    RON
    RUB
    RWF
    WST
    SHP
    SAR
    RSD
    SCR
    SLL
    SGD
    SDG
    SOS
    SYP
    ZAR
    KRW
    SSP
    SBD
    LKR
    SRD
    SZL
    SEK
    CHF
    TWD
    THB
    TJS
    TZS
    TOP
    TTD
    TND
    TRY
    TMT
    UGX
    UAH
    AED
    UYU
    UZS
    VUV
    VES
    VND
    XOF
    YER
    ZMW
    USDC
    BYR
    STD
    STN
    VED
    VEF
    XXX
  }
`;
