// The Function App on the Flex Consumption plan (Linux, Node), running as the user-assigned identity, and its app
// settings resolved from the entries of infra/app-settings.json.
//
// A thin wrapper around the AVM plan and site modules: it exists because the settings list needs resolving
// (parameters, named sources, per-environment values, identity connection suffixes) before it reaches the site.

param name string
param planName string
param location string
param tags object

@description('Resource id of the user-assigned identity the app runs as.')
param identityResourceId string

@description('Client id of that identity (the __clientId of every identity-based connection).')
param identityClientId string

@description('URL of the blob container that Flex Consumption deploys the app package from.')
param deploymentContainerUrl string

param nodeVersion string
param maximumInstanceCount int
param instanceMemoryMB int

@allowed(['test', 'staging', 'production'])
param environmentName string

@description('The "settings" entries of infra/app-settings.json.')
param appSettings array

@description('Values of the "parameter" sources, by parameter name.')
param appSettingParameterValues object

@description('Values of the named sources, by source name.')
param appSettingSourceValues object

// Resolve every entry of app-settings.json to { name, value }.
var resolvedSettings = [
  for setting in appSettings: {
    name: setting.name
    value: setting.source == 'parameter'
      ? (appSettingParameterValues[?setting.?parameter ?? ''] ?? '')
      : setting.source == 'constant'
          ? (setting.?value ?? '')
          : setting.source == 'environment'
              ? (setting.?values[?environmentName] ?? '')
              : (appSettingSourceValues[?setting.source] ?? '')
  }
]

// Optional settings without a value are left out (every required one resolves to a value; see test/infra).
var presentSettings = filter(resolvedSettings, setting => !empty(setting.value))

// Identity-based connections: <connection>__credential and <connection>__clientId for each connection prefix.
var connectionPrefixes = union(
  map(filter(appSettings, setting => !empty(setting.?connection ?? '')), setting => setting.connection),
  []
)
var connectionIdentitySettings = reduce(connectionPrefixes, {}, (all, prefix) => union(all, {
  '${prefix}__credential': 'managedidentity'
  '${prefix}__clientId': identityClientId
}))

var siteAppSettings = union(
  toObject(presentSettings, setting => setting.name, setting => setting.value),
  connectionIdentitySettings
)

module plan 'br/public:avm/res/web/serverfarm:0.5.0' = {
  name: '${planName}-deployment'
  params: {
    name: planName
    location: location
    tags: tags
    kind: 'functionapp'
    skuName: 'FC1'
    reserved: true
    zoneRedundant: false
  }
}

module site 'br/public:avm/res/web/site:0.19.4' = {
  name: '${name}-deployment'
  params: {
    name: name
    location: location
    tags: tags
    kind: 'functionapp,linux'
    serverFarmResourceId: plan.outputs.resourceId
    managedIdentities: {
      userAssignedResourceIds: [
        identityResourceId
      ]
    }
    keyVaultAccessIdentityResourceId: identityResourceId
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    basicPublishingCredentialsPolicies: [
      {
        name: 'ftp'
        allow: false
      }
      {
        name: 'scm'
        allow: false
      }
    ]
    siteConfig: {
      alwaysOn: false
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityResourceId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'node'
        version: nodeVersion
      }
    }
    configs: [
      {
        name: 'appsettings'
        properties: siteAppSettings
      }
    ]
  }
}

output name string = site.outputs.name
output resourceId string = site.outputs.resourceId
output defaultHostName string = site.outputs.defaultHostname
output appSettingNames array = map(presentSettings, setting => setting.name)
