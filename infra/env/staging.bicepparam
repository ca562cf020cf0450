// Staging environment: production-like settings against the Altinn test environment (TT02).
// Deploy: az deployment group create -g <rg> -f infra/main.bicep -p infra/env/staging.bicepparam
using '../main.bicep'

param environmentName = 'staging'

// Empty: https://<function app default host name>. Set it when the API sits behind a gateway.
param publicBaseUrl = readEnvironmentVariable('CORRESPONDENCE_PUBLIC_BASE_URL', '')

param altinnPlatformBaseUrl = 'https://platform.tt02.altinn.no'
param dialogportenBaseUrl = 'https://platform.tt02.altinn.no/dialogporten'
param altinnTokenIssuer = 'https://platform.tt02.altinn.no/authentication/api/v1/openid/'
param maskinportenTokenIssuer = 'https://test.maskinporten.no/'
param dialogportenTokenIssuer = 'https://platform.tt02.altinn.no/dialogporten/api/v1'

param functionMaximumInstanceCount = 60
param functionInstanceMemoryMB = 2048
param cosmosCapacityMode = 'Provisioned'
param cosmosAutoscaleMaxThroughput = 1000
param serviceBusSku = 'Standard'
param storageSkuName = 'Standard_ZRS'
param zoneRedundant = false
param logRetentionInDays = 30
param malwareScanCapGBPerMonth = 500

// First deployment into a new resource group: ENABLE_MALWARE_SCAN_WEBHOOK=false (see infra/README.md).
param enableMalwareScanWebhook = bool(readEnvironmentVariable('ENABLE_MALWARE_SCAN_WEBHOOK', 'true'))
param alertActionGroupResourceId = readEnvironmentVariable('ALERT_ACTION_GROUP_RESOURCE_ID', '')

// The Maskinporten client registered for this environment; set by the pipeline (not a secret, but not ours to invent).
param maskinportenClientId = readEnvironmentVariable('MASKINPORTEN_CLIENT_ID')
