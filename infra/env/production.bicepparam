// Production environment. Altinn side: production and Maskinporten production.
// Deploy: az deployment group create -g <rg> -f infra/main.bicep -p infra/env/production.bicepparam
using '../main.bicep'

param environmentName = 'production'

// Empty: https://<function app default host name>. Set it when the API sits behind a gateway.
param publicBaseUrl = readEnvironmentVariable('CORRESPONDENCE_PUBLIC_BASE_URL', '')

param altinnPlatformBaseUrl = 'https://platform.altinn.no'
param dialogportenBaseUrl = 'https://platform.altinn.no/dialogporten'
param altinnTokenIssuer = 'https://platform.altinn.no/authentication/api/v1/openid/'
param maskinportenTokenIssuer = 'https://maskinporten.no/'
param dialogportenTokenIssuer = 'https://platform.altinn.no/dialogporten/api/v1'

param functionMaximumInstanceCount = 100
param functionInstanceMemoryMB = 2048
param cosmosCapacityMode = 'Provisioned'
param cosmosAutoscaleMaxThroughput = 4000
param serviceBusSku = 'Premium'
param serviceBusPremiumCapacity = 1
param storageSkuName = 'Standard_GZRS'
param zoneRedundant = true
param logRetentionInDays = 90
param malwareScanCapGBPerMonth = 5000
param cosmosThrottledRequestThreshold = 10

// First deployment into a new resource group: ENABLE_MALWARE_SCAN_WEBHOOK=false (see infra/README.md).
param enableMalwareScanWebhook = bool(readEnvironmentVariable('ENABLE_MALWARE_SCAN_WEBHOOK', 'true'))
param alertActionGroupResourceId = readEnvironmentVariable('ALERT_ACTION_GROUP_RESOURCE_ID', '')

// The Maskinporten client registered for this environment; set by the pipeline (not a secret, but not ours to invent).
param maskinportenClientId = readEnvironmentVariable('MASKINPORTEN_CLIENT_ID')
