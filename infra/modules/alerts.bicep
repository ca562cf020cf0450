// Metric alerts: any dead-lettered message, any parked message, failed function invocations, Cosmos DB throttling
// (HTTP 429).
//
// A local module: four Microsoft.Insights/metricAlerts resources; the AVM metric-alert module's criteria
// parameter has changed shape between versions and adds nothing here.

@description('Prefix of the alert names.')
param namePrefix string

param tags object

param serviceBusNamespaceResourceId string

@description('The queue where the Service Bus triggers park the messages they can never handle (a trigger cannot dead-letter), from servicebus.json.')
param parkingQueueName string
param appInsightsResourceId string
param cosmosAccountResourceId string

@description('Action group to notify. Empty: the alerts fire without notifications.')
param actionGroupResourceId string

@description('Alert when more than this many invocations fail within the window.')
param functionFailureThreshold int

@description('Alert when more than this many Cosmos DB requests are throttled (429) within the window.')
param cosmosThrottledRequestThreshold int

var actions = empty(actionGroupResourceId)
  ? []
  : [
      {
        actionGroupId: actionGroupResourceId
      }
    ]

resource deadLetterAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-servicebus-dead-letters'
  location: 'global'
  tags: tags
  properties: {
    description: 'A Service Bus queue or subscription holds dead-lettered messages (count > 0), per entity.'
    severity: 2
    enabled: true
    scopes: [
      serviceBusNamespaceResourceId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'DeadLetteredMessages'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Average'
        }
      ]
    }
    actions: actions
  }
}

// The triggers park what they cannot handle in a queue of its own instead of its dead-letter queue (docs/messaging.md),
// so the dead-letter alert above does not see it: a parked message is an active message of that queue.
resource parkedMessageAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-servicebus-parked-messages'
  location: 'global'
  tags: tags
  properties: {
    description: 'The parking queue ${parkingQueueName} holds messages (count > 0); each says why in DeadLetterReason and DeadLetterErrorDescription.'
    severity: 2
    enabled: true
    scopes: [
      serviceBusNamespaceResourceId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'ParkedMessages'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'ActiveMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: [
                parkingQueueName
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
        }
      ]
    }
    actions: actions
  }
}

resource functionFailureAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-function-failures'
  location: 'global'
  tags: tags
  properties: {
    description: 'Function invocations (HTTP and Service Bus triggered) failed.'
    severity: 2
    enabled: true
    scopes: [
      appInsightsResourceId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'FailedRequests'
          metricNamespace: 'microsoft.insights/components'
          metricName: 'requests/failed'
          operator: 'GreaterThan'
          threshold: functionFailureThreshold
          timeAggregation: 'Count'
        }
      ]
    }
    actions: actions
  }
}

resource cosmosThrottlingAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-cosmos-throttled-requests'
  location: 'global'
  tags: tags
  properties: {
    description: 'Cosmos DB answered requests with 429 (rate limited).'
    severity: 3
    enabled: true
    scopes: [
      cosmosAccountResourceId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'ThrottledRequests'
          metricNamespace: 'Microsoft.DocumentDB/databaseAccounts'
          metricName: 'TotalRequests'
          dimensions: [
            {
              name: 'StatusCode'
              operator: 'Include'
              values: [
                '429'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: cosmosThrottledRequestThreshold
          timeAggregation: 'Count'
        }
      ]
    }
    actions: actions
  }
}

output alertResourceIds array = [
  deadLetterAlert.id
  parkedMessageAlert.id
  functionFailureAlert.id
  cosmosThrottlingAlert.id
]
