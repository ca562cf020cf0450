// Cosmos DB for NoSQL: the account (local auth off), the database and every container of infra/cosmos.json with its
// partition key, indexing policy (including composite indexes), unique keys and default TTL, plus the built-in
// Data Contributor role for the app's identity as a data-plane sqlRoleAssignments child (not an ARM role).
//
// A local module rather than avm/res/document-db/database-account: cosmos.json is already in the resource
// provider's own shape (partitionKey, indexingPolicy, uniqueKeys) and is passed through as is, and a container only
// gets a defaultTtl when cosmos.json gives it one (the AVM container module sets -1 on every container).

@description('Account name.')
param name string

param location string
param tags object

@description('The contents of infra/cosmos.json: { database, containers: [{ name, partitionKey, indexingPolicy, uniqueKeys, defaultTtl?, maxThroughput? }] }.')
param definitions object

@allowed(['Serverless', 'Provisioned'])
param capacityMode string

@description('Provisioned mode: autoscale maximum RU/s of a container without its own maxThroughput.')
param autoscaleMaxThroughput int

param zoneRedundant bool

@description('Principals that get the built-in Cosmos DB Built-in Data Contributor role on the database.')
param dataContributorPrincipalIds array

param logAnalyticsWorkspaceResourceId string

var serverless = capacityMode == 'Serverless'
// Built-in data-plane role "Cosmos DB Built-in Data Contributor".
var dataContributorRoleDefinitionId = '${account.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'
// Data-plane scope of the role: the database only, not the whole account.
var databaseScope = '${account.id}/dbs/${definitions.database}'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    // Entra ID only: no account keys, no resource tokens, and no key-based metadata writes.
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: zoneRedundant && !serverless
      }
    ]
    capabilities: serverless
      ? [
          {
            name: 'EnableServerless'
          }
        ]
      : []
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: {
        tier: 'Continuous7Days'
      }
    }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: definitions.database
  properties: {
    resource: {
      id: definitions.database
    }
  }
}

resource containers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
  for container in definitions.containers: {
    parent: database
    name: container.name
    properties: {
      resource: union(
        {
          id: container.name
          partitionKey: container.partitionKey
          indexingPolicy: container.indexingPolicy
          uniqueKeyPolicy: {
            uniqueKeys: container.?uniqueKeys ?? []
          }
        },
        contains(container, 'defaultTtl') ? { defaultTtl: container.defaultTtl } : {}
      )
      options: serverless
        ? {}
        : {
            autoscaleSettings: {
              maxThroughput: container.?maxThroughput ?? autoscaleMaxThroughput
            }
          }
    }
  }
]

resource dataContributorAssignments 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = [
  for principalId in dataContributorPrincipalIds: {
    parent: account
    name: guid(account.id, principalId, dataContributorRoleDefinitionId)
    properties: {
      principalId: principalId
      roleDefinitionId: dataContributorRoleDefinitionId
      scope: databaseScope
    }
    dependsOn: [
      database
    ]
  }
]

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: account
  properties: {
    workspaceId: logAnalyticsWorkspaceResourceId
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'Requests'
        enabled: true
      }
    ]
  }
}

output name string = account.name
output resourceId string = account.id
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
