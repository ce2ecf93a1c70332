import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  type IUserPool,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { type StaffRole, staffRoles } from '../../shared/http/route';

export interface StaffIdentityProps {
  municipality: string;
  slug: string;
  /** Use this pool (its groups must be created by its owner) instead of creating one. */
  existingUserPoolId?: string;
  /**
   * The staff console's hosted sign-in (config `staffSignIn`): where Cognito may send the browser
   * back with an authorization code, and after signing out. Without callback URLs the client has
   * no OAuth flows at all (sign-in with SRP only).
   */
  hostedSignIn?: { callbackUrls: readonly string[]; logoutUrls: readonly string[] };
}

const roleDescriptions: Record<StaffRole, string> = {
  admin: 'Configures everything; allowed on every staff route',
  coordinator: 'Runs initiatives and engagements, moderates contributions',
  analyst: 'Reads reports and exports',
};

/**
 * The staff directory: a Cognito user pool whose groups are the route table's roles (the
 * authorizer puts them in `cognito:groups`, `shared/http/auth.ts` checks them), and an app client
 * for the staff console. Residents never sign in: public routes need no account.
 */
export class StaffIdentity extends Construct {
  readonly userPool: IUserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: StaffIdentityProps) {
    super(scope, id);

    if (props.existingUserPoolId) {
      this.userPool = UserPool.fromUserPoolId(this, 'UserPool', props.existingUserPoolId);
    } else {
      const pool = new UserPool(this, 'UserPool', {
        userPoolName: `civic-${props.slug}-staff`,
        // Staff accounts are created by an admin; nobody signs themselves up.
        selfSignUpEnabled: false,
        signInAliases: { email: true },
        autoVerify: { email: true },
        standardAttributes: { email: { required: true, mutable: true } },
        passwordPolicy: {
          minLength: 12,
          requireLowercase: true,
          requireUppercase: true,
          requireDigits: true,
          requireSymbols: true,
          tempPasswordValidity: Duration.days(3),
        },
        // Staff can hide residents' contributions and read exports: a password alone is not enough.
        mfa: Mfa.REQUIRED,
        mfaSecondFactor: { otp: true, sms: false },
        accountRecovery: AccountRecovery.EMAIL_ONLY,
        // The Plus plan brings threat protection (compromised credentials, risky sign-ins); staff
        // pools have few users, so its per-user price stays small.
        featurePlan: FeaturePlan.PLUS,
        standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
        userInvitation: {
          emailSubject: `Your Civic staff account for ${props.municipality}`,
          emailBody: `An account was created for you. Username: {username} — temporary password: {####}. You will be asked to choose a password and set up an authenticator app.`,
        },
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      staffRoles.forEach((role, index) => {
        new UserPoolGroup(this, `Group-${role}`, {
          userPool: pool,
          groupName: role,
          description: roleDescriptions[role],
          precedence: index,
        });
      });
      this.userPool = pool;
    }

    this.client = this.userPool.addClient('StaffConsole', {
      userPoolClientName: 'civic-staff-console',
      // A browser app cannot keep a secret; SRP never sends the password.
      generateSecret: false,
      authFlows: { userSrp: true },
      // Authorization code (the console uses PKCE, having no secret) to configured URLs only; never
      // the implicit flow, and never CDK's default of every flow with a placeholder callback.
      ...(props.hostedSignIn && props.hostedSignIn.callbackUrls.length > 0
        ? {
            oAuth: {
              flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
              scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
              callbackUrls: [...props.hostedSignIn.callbackUrls],
              logoutUrls: [...props.hostedSignIn.logoutUrls],
            },
          }
        : { disableOAuth: true }),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
  }
}
