// Correspondence API on serverless Azure (resource-group scope).
//
// One user-assigned managed identity is the only credential: every service below has key/shared-key/SAS access
// switched off and grants that identity the least role it needs. The lists of Cosmos containers, Service Bus
// entities, blob containers and app settings are not written here: they are read from the JSON files next to this
// template, which the local bootstrap and the tests read too.
//
// Deploy:  az deployment group create -g <rg> -f infra/main.bicep -p infra/env/test.bicepparam
targetScope = 'resourceGroup'

metadata description = 'Correspondence API: Flex Consumption Function App, Cosmos DB for NoSQL, Blob Storage with malware scanning, Service Bus, Key Vault, monitoring. Identity-based access only.'

// ---------------------------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------------------------

@description('The environment this deployment is; becomes CORRESPONDENCE_ENVIRONMENT.')
@allowed(['test', 'staging', 'production'])
param environmentName string

@description('Region of every resource. Flex Consumption must be available there.')
param location string = resourceGroup().location

@description('Short lower-case alphanumeric prefix of every resource name.')
@minLength(2)
@maxLength(6)
param namePrefix string = 'corr'

@description('Tags added to every resource.')
param tags object = {}

@description('Public base URL of the API, without trailing slash. Empty: https://<function app default host name>.')
param publicBaseUrl string = ''

@description('Base URL of the Altinn platform APIs (authorization, register, notifications, events, ...).')
param altinnPlatformBaseUrl string

@description('Base URL of Dialogporten.')
param dialogportenBaseUrl string

@description('Issuer of Altinn tokens.')
param altinnTokenIssuer string

@description('Issuer of Maskinporten tokens.')
param maskinportenTokenIssuer string

@description('Issuer of Dialogporten tokens.')
param dialogportenTokenIssuer string

@description('This API\'s own Maskinporten client id (registered in Maskinporten self-service). Every outbound call to the Altinn APIs authenticates with it; the app refuses to start without it.')
param maskinportenClientId string

@description('Name of the Key Vault secret that holds the Maskinporten signing key (a JWK). The platform team writes the secret; this template only creates the vault and the role.')
param maskinportenSigningKeySecretName string = 'maskinporten-signing-jwk'

@description('Node.js major version of the Flex Consumption runtime.')
param nodeVersion string = '22'

@description('Flex Consumption: most instances the app may scale out to.')
@minValue(1)
@maxValue(1000)
param functionMaximumInstanceCount int = 40

@description('Flex Consumption: memory per instance.')
@allowed([512, 2048, 4096])
param functionInstanceMemoryMB int = 2048

@description('Cosmos DB capacity mode. Serverless bills per request; Provisioned uses autoscale throughput per container.')
@allowed(['Serverless', 'Provisioned'])
param cosmosCapacityMode string = 'Serverless'

@description('Provisioned mode only: default autoscale maximum RU/s of a container (a container in cosmos.json may set maxThroughput).')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('Zone redundancy where the SKU supports it (Cosmos provisioned, Service Bus Premium).')
param zoneRedundant bool = false

@description('Service Bus tier. Standard or Premium (duplicate detection needs Standard or above).')
@allowed(['Standard', 'Premium'])
param serviceBusSku string = 'Standard'

@description('Premium only: messaging units.')
@allowed([1, 2, 4, 8, 16])
param serviceBusPremiumCapacity int = 1

@description('Redundancy of both storage accounts.')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_GZRS'])
param storageSkuName string = 'Standard_LRS'

@description('Defender for Storage: most GB of uploads scanned per month on the attachments account (-1: no cap).')
param malwareScanCapGBPerMonth int = 1000

@description('Create the Event Grid subscription that delivers malware-scan results to the API webhook. Event Grid validates the webhook when the subscription is created, so the first deployment into a new environment runs with false, and true once the app is deployed.')
param enableMalwareScanWebhook bool = true

@description('Optional Entra ID application id or URI that Event Grid requests a token for when it calls the webhook. Empty: unauthenticated delivery, the app must then verify the events itself.')
param malwareScanWebhookEntraAppIdOrUri string = ''

@description('Log Analytics retention in days.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Action group that the alerts notify. Empty: alerts fire without notifications.')
param alertActionGroupResourceId string = ''

@description('Alert when more than this many function invocations fail within 15 minutes.')
@minValue(0)
param functionFailureThreshold int = 0

@description('Alert when Cosmos DB answers more than this many requests with 429 (throttled) within 15 minutes.')
@minValue(0)
param cosmosThrottledRequestThreshold int = 10

// ---------------------------------------------------------------------------------------------------------------
// Single source of truth, shared with the local bootstrap, the local broker and the tests
// ---------------------------------------------------------------------------------------------------------------

var cosmosDefinitions = loadJsonContent('cosmos.json')
var serviceBusDefinitions = loadJsonContent('servicebus.json')
// Where the Service Bus triggers park what they can never handle (shared/use-cases/message-delivery/parking-queue.ts),
// a queue of servicebus.json; an alert watches it (test/infra checks both).
var parkingQueueName = 'parked-messages'
var storageDefinitions = loadJsonContent('storage.json')
var appSettingsDefinition = loadJsonContent('app-settings.json')

// ---------------------------------------------------------------------------------------------------------------
// Names and constants
// ---------------------------------------------------------------------------------------------------------------

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var names = {
  identity: 'id-${namePrefix}-${environmentName}-${resourceToken}'
  logAnalytics: 'log-${namePrefix}-${environmentName}-${resourceToken}'
  appInsights: 'appi-${namePrefix}-${environmentName}-${resourceToken}'
  hostStorage: take('st${namePrefix}host${resourceToken}', 24)
  attachmentStorage: take('st${namePrefix}att${resourceToken}', 24)
  cosmos: 'cosmos-${namePrefix}-${environmentName}-${resourceToken}'
  serviceBus: 'sb-${namePrefix}-${environmentName}-${resourceToken}'
  keyVault: take('kv-${namePrefix}-${resourceToken}', 24)
  plan: 'plan-${namePrefix}-${environmentName}-${resourceToken}'
  functionApp: 'func-${namePrefix}-${environmentName}-${resourceToken}'
  malwareScanTopic: 'evgt-${namePrefix}-malware-${environmentName}-${resourceToken}'
}
var allTags = union(tags, {
  application: 'correspondence'
  environment: environmentName
})

// Blob container of the host storage account that Flex Consumption deploys the app package from.
var deploymentContainerName = 'app-package'

// Built-in role definition ids (least privilege; see README.md).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

var hostStorageEndpoints = {
  blob: 'https://${names.hostStorage}.blob.${environment().suffixes.storage}/'
  queue: 'https://${names.hostStorage}.queue.${environment().suffixes.storage}/'
  table: 'https://${names.hostStorage}.table.${environment().suffixes.storage}/'
}
var attachmentStorageBlobEndpoint = 'https://${names.attachmentStorage}.blob.${environment().suffixes.storage}/'
var serviceBusFullyQualifiedNamespace = '${names.serviceBus}.servicebus.windows.net'
var keyVaultUri = 'https://${names.keyVault}${environment().suffixes.keyvaultDns}/'
var effectivePublicBaseUrl = empty(publicBaseUrl) ? 'https://${names.functionApp}.azurewebsites.net' : publicBaseUrl
var malwareScanWebhookUrl = '${effectivePublicBaseUrl}/correspondence/api/v1/webhooks/malwarescanresults'

// ---------------------------------------------------------------------------------------------------------------
// Identity
// ---------------------------------------------------------------------------------------------------------------

module identity 'br/public:avm/res/managed-identity/user-assigned-identity:0.4.1' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: allTags
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Monitoring
// ---------------------------------------------------------------------------------------------------------------

module logAnalytics 'br/public:avm/res/operational-insights/workspace:0.11.1' = {
  name: 'log-analytics'
  params: {
    name: names.logAnalytics
    location: location
    tags: allTags
    dataRetention: logRetentionInDays
  }
}

module appInsights 'br/public:avm/res/insights/component:0.6.0' = {
  name: 'app-insights'
  params: {
    name: names.appInsights
    location: location
    tags: allTags
    workspaceResourceId: logAnalytics.outputs.resourceId
    // Entra ID authentication for ingestion only; the identity publishes with Monitoring Metrics Publisher.
    disableLocalAuth: true
    roleAssignments: [
      {
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
        roleDefinitionIdOrName: roles.monitoringMetricsPublisher
      }
    ]
  }
}

// Read back for the connection string (not an AVM output in every version).
resource appInsightsComponent 'Microsoft.Insights/components@2020-02-02' existing = {
  name: names.appInsights
}

// ---------------------------------------------------------------------------------------------------------------
// Storage: one account for the Functions host and the deployment package, one for attachments (malware-scanned)
// ---------------------------------------------------------------------------------------------------------------

module hostStorage 'br/public:avm/res/storage/storage-account:0.32.0' = {
  name: 'host-storage'
  params: {
    name: names.hostStorage
    location: location
    tags: allTags
    kind: 'StorageV2'
    skuName: storageSkuName
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    blobServices: {
      containers: [
        {
          name: deploymentContainerName
          publicAccess: 'None'
        }
      ]
    }
    // What the Flex Consumption host needs on its own storage: the deployment container and the host's blobs
    // (Blob Data Owner), queues and tables.
    roleAssignments: [
      {
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
        roleDefinitionIdOrName: roles.storageBlobDataOwner
      }
      {
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
        roleDefinitionIdOrName: roles.storageQueueDataContributor
      }
      {
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
        roleDefinitionIdOrName: roles.storageTableDataContributor
      }
    ]
  }
}

module attachmentStorage 'br/public:avm/res/storage/storage-account:0.32.0' = {
  name: 'attachment-storage'
  params: {
    name: names.attachmentStorage
    location: location
    tags: allTags
    kind: 'StorageV2'
    skuName: storageSkuName
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    blobServices: {
      deleteRetentionPolicyEnabled: true
      deleteRetentionPolicyDays: 7
      containerDeleteRetentionPolicyEnabled: true
      containerDeleteRetentionPolicyDays: 7
      // Every container in storage.json, each with Blob Data Contributor for the identity on that container only.
      containers: [
        for container in storageDefinitions.containers: {
          name: container.name
          publicAccess: 'None'
          roleAssignments: [
            {
              principalId: identity.outputs.principalId
              principalType: 'ServicePrincipal'
              roleDefinitionIdOrName: roles.storageBlobDataContributor
            }
          ]
        }
      ]
    }
  }
}

module malwareScanning 'modules/malware-scanning.bicep' = {
  name: 'malware-scanning'
  params: {
    storageAccountName: names.attachmentStorage
    topicName: names.malwareScanTopic
    location: location
    tags: allTags
    capGBPerMonth: malwareScanCapGBPerMonth
    webhookUrl: enableMalwareScanWebhook ? malwareScanWebhookUrl : ''
    webhookEntraAppIdOrUri: malwareScanWebhookEntraAppIdOrUri
  }
  dependsOn: [
    attachmentStorage
    functionApp
  ]
}

// ---------------------------------------------------------------------------------------------------------------
// Cosmos DB for NoSQL (thin local module: the account, the database, every container of cosmos.json and the
// data-plane role assignment)
// ---------------------------------------------------------------------------------------------------------------

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    name: names.cosmos
    location: location
    tags: allTags
    definitions: cosmosDefinitions
    capacityMode: cosmosCapacityMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    zoneRedundant: zoneRedundant
    dataContributorPrincipalIds: [
      identity.outputs.principalId
    ]
    logAnalyticsWorkspaceResourceId: logAnalytics.outputs.resourceId
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Service Bus: every queue, topic and subscription of servicebus.json
// ---------------------------------------------------------------------------------------------------------------

module serviceBus 'br/public:avm/res/service-bus/namespace:0.16.1' = {
  name: 'service-bus'
  params: {
    name: names.serviceBus
    location: location
    tags: allTags
    skuObject: serviceBusSku == 'Premium'
      ? {
          name: 'Premium'
          capacity: serviceBusPremiumCapacity
        }
      : {
          name: 'Standard'
        }
    zoneRedundant: serviceBusSku == 'Premium' && zoneRedundant
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    // No SAS rules of our own (SAS is off anyway).
    authorizationRules: []
    queues: [
      for queue in serviceBusDefinitions.queues: {
        name: queue.name
        maxDeliveryCount: queue.?maxDeliveryCount ?? 10
        lockDuration: queue.?lockDuration ?? 'PT1M'
        defaultMessageTimeToLive: queue.?defaultMessageTimeToLive ?? 'P14D'
        requiresDuplicateDetection: queue.?requiresDuplicateDetection ?? false
        duplicateDetectionHistoryTimeWindow: queue.?duplicateDetectionHistoryTimeWindow ?? 'PT10M'
        deadLetteringOnMessageExpiration: queue.?deadLetteringOnMessageExpiration ?? true
        requiresSession: queue.?requiresSession ?? false
        roleAssignments: [
          {
            principalId: identity.outputs.principalId
            principalType: 'ServicePrincipal'
            roleDefinitionIdOrName: roles.serviceBusDataSender
          }
          {
            principalId: identity.outputs.principalId
            principalType: 'ServicePrincipal'
            roleDefinitionIdOrName: roles.serviceBusDataReceiver
          }
        ]
      }
    ]
    topics: [
      for topic in serviceBusDefinitions.topics: {
        name: topic.name
        defaultMessageTimeToLive: topic.?defaultMessageTimeToLive ?? 'P14D'
        requiresDuplicateDetection: topic.?requiresDuplicateDetection ?? false
        duplicateDetectionHistoryTimeWindow: topic.?duplicateDetectionHistoryTimeWindow ?? 'PT10M'
        // Receiver on the topic covers its subscriptions.
        roleAssignments: [
          {
            principalId: identity.outputs.principalId
            principalType: 'ServicePrincipal'
            roleDefinitionIdOrName: roles.serviceBusDataSender
          }
          {
            principalId: identity.outputs.principalId
            principalType: 'ServicePrincipal'
            roleDefinitionIdOrName: roles.serviceBusDataReceiver
          }
        ]
        subscriptions: map(topic.?subscriptions ?? [], sub => {
          name: sub.name
          maxDeliveryCount: sub.?maxDeliveryCount ?? 10
          lockDuration: sub.?lockDuration ?? 'PT1M'
          deadLetteringOnMessageExpiration: sub.?deadLetteringOnMessageExpiration ?? true
          deadLetteringOnFilterEvaluationExceptions: true
          defaultMessageTimeToLive: sub.?defaultMessageTimeToLive ?? 'P14D'
          requiresSession: sub.?requiresSession ?? false
          // Set explicitly: some module versions default a subscription to auto-delete after an idle hour.
          autoDeleteOnIdle: sub.?autoDeleteOnIdle ?? 'P10675199DT2H48M5.4775807S'
        })
      }
    ]
    diagnosticSettings: [
      {
        workspaceResourceId: logAnalytics.outputs.resourceId
      }
    ]
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Key Vault (RBAC mode) for the Maskinporten signing key
// ---------------------------------------------------------------------------------------------------------------

module keyVault 'br/public:avm/res/key-vault/vault:0.13.1' = {
  name: 'key-vault'
  params: {
    name: names.keyVault
    location: location
    tags: allTags
    sku: 'standard'
    enableRbacAuthorization: true
    enablePurgeProtection: true
    softDeleteRetentionInDays: 90
    enableVaultForDeployment: false
    enableVaultForTemplateDeployment: false
    enableVaultForDiskEncryption: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    roleAssignments: [
      {
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
        roleDefinitionIdOrName: roles.keyVaultSecretsUser
      }
    ]
    diagnosticSettings: [
      {
        workspaceResourceId: logAnalytics.outputs.resourceId
      }
    ]
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Function App (Flex Consumption) and its settings, resolved from app-settings.json
// ---------------------------------------------------------------------------------------------------------------

// Values of the 'parameter' sources of app-settings.json.
var appSettingParameterValues = {
  environmentName: environmentName
  publicBaseUrl: effectivePublicBaseUrl
  altinnPlatformBaseUrl: altinnPlatformBaseUrl
  dialogportenBaseUrl: dialogportenBaseUrl
  altinnTokenIssuer: altinnTokenIssuer
  maskinportenTokenIssuer: maskinportenTokenIssuer
  dialogportenTokenIssuer: dialogportenTokenIssuer
  maskinportenClientId: maskinportenClientId
}

// Values of the named sources of app-settings.json.
var appSettingSourceValues = {
  hostStorageBlobEndpoint: hostStorageEndpoints.blob
  hostStorageQueueEndpoint: hostStorageEndpoints.queue
  hostStorageTableEndpoint: hostStorageEndpoints.table
  appInsightsConnectionString: appInsightsComponent.properties.ConnectionString
  appInsightsAuthenticationString: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
  cosmosEndpoint: cosmos.outputs.endpoint
  cosmosDatabase: cosmosDefinitions.database
  attachmentStorageBlobEndpoint: attachmentStorageBlobEndpoint
  serviceBusFullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
  maskinportenSigningKeySecretUri: '${keyVaultUri}secrets/${maskinportenSigningKeySecretName}'
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: allTags
    identityResourceId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    deploymentContainerUrl: '${hostStorageEndpoints.blob}${deploymentContainerName}'
    nodeVersion: nodeVersion
    maximumInstanceCount: functionMaximumInstanceCount
    instanceMemoryMB: functionInstanceMemoryMB
    environmentName: environmentName
    appSettings: appSettingsDefinition.settings
    appSettingParameterValues: appSettingParameterValues
    appSettingSourceValues: appSettingSourceValues
  }
  // The host starts as soon as the app exists: its roles and the entities its triggers bind to must exist first.
  dependsOn: [
    appInsights
    hostStorage
    attachmentStorage
    serviceBus
    keyVault
  ]
}

// ---------------------------------------------------------------------------------------------------------------
// Alerts: dead-lettered and parked messages, failed invocations, Cosmos DB throttling
// ---------------------------------------------------------------------------------------------------------------

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    namePrefix: '${namePrefix}-${environmentName}'
    tags: allTags
    serviceBusNamespaceResourceId: serviceBus.outputs.resourceId
    parkingQueueName: parkingQueueName
    appInsightsResourceId: appInsights.outputs.resourceId
    cosmosAccountResourceId: cosmos.outputs.resourceId
    actionGroupResourceId: alertActionGroupResourceId
    functionFailureThreshold: functionFailureThreshold
    cosmosThrottledRequestThreshold: cosmosThrottledRequestThreshold
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Outputs (no secrets)
// ---------------------------------------------------------------------------------------------------------------

output functionAppName string = functionApp.outputs.name
output functionAppDefaultHostName string = functionApp.outputs.defaultHostName
output publicBaseUrl string = effectivePublicBaseUrl
output identityClientId string = identity.outputs.clientId
output identityPrincipalId string = identity.outputs.principalId
output cosmosEndpoint string = cosmos.outputs.endpoint
output serviceBusFullyQualifiedNamespace string = serviceBusFullyQualifiedNamespace
output attachmentStorageBlobEndpoint string = attachmentStorageBlobEndpoint
output deploymentContainerUrl string = '${hostStorageEndpoints.blob}${deploymentContainerName}'
output keyVaultUri string = keyVaultUri
output malwareScanWebhookUrl string = malwareScanWebhookUrl
